import * as $protobuf from "protobufjs";
import Long = require("long");

/** Namespace k3sgrid. */
export namespace k3sgrid {

    /** Namespace v1. */
    namespace v1 {

        /**
         * Properties of an Envelope.
         * @deprecated Use k3sgrid.v1.Envelope.$Properties instead.
         */
        interface IEnvelope extends k3sgrid.v1.Envelope.$Properties {
        }

        /** Represents an Envelope. */
        class Envelope {

            /**
             * Constructs a new Envelope.
             * @param [p] Properties to set
             */
            constructor(p?: k3sgrid.v1.Envelope.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Envelope version. */
            version: number;

            /** Envelope seq. */
            seq: number;

            /** Envelope serverHello. */
            serverHello?: (k3sgrid.v1.ServerHello.$Properties|null);

            /** Envelope enrollRequest. */
            enrollRequest?: (k3sgrid.v1.EnrollRequest.$Properties|null);

            /** Envelope authRequest. */
            authRequest?: (k3sgrid.v1.AuthRequest.$Properties|null);

            /** Envelope welcome. */
            welcome?: (k3sgrid.v1.Welcome.$Properties|null);

            /** Envelope heartbeat. */
            heartbeat?: (k3sgrid.v1.Heartbeat.$Properties|null);

            /** Envelope capabilityReport. */
            capabilityReport?: (k3sgrid.v1.CapabilityReport.$Properties|null);

            /** Envelope assignment. */
            assignment?: (k3sgrid.v1.Assignment.$Properties|null);

            /** Envelope ack. */
            ack?: (k3sgrid.v1.Ack.$Properties|null);

            /** Envelope error. */
            error?: (k3sgrid.v1.Error.$Properties|null);

            /** Envelope statusUpdate. */
            statusUpdate?: (k3sgrid.v1.StatusUpdate.$Properties|null);

            /** Envelope kubeconfigRequest. */
            kubeconfigRequest?: (k3sgrid.v1.KubeconfigRequest.$Properties|null);

            /** Envelope kubeconfigUpload. */
            kubeconfigUpload?: (k3sgrid.v1.KubeconfigUpload.$Properties|null);

            /** Envelope body. */
            body?: ("serverHello"|"enrollRequest"|"authRequest"|"welcome"|"heartbeat"|"capabilityReport"|"assignment"|"ack"|"error"|"statusUpdate"|"kubeconfigRequest"|"kubeconfigUpload");

            /**
             * Creates a new Envelope instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Envelope instance
             */
            static create(properties: k3sgrid.v1.Envelope.$Shape): k3sgrid.v1.Envelope & k3sgrid.v1.Envelope.$Shape;
            static create(properties?: k3sgrid.v1.Envelope.$Properties): k3sgrid.v1.Envelope;

            /**
             * Encodes the specified Envelope message. Does not implicitly {@link k3sgrid.v1.Envelope.verify|verify} messages.
             * @param m Envelope message or plain object to encode
             * @param [w] Writer to encode to
             * @returns Writer
             */
            static encode(m: k3sgrid.v1.Envelope.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Encodes the specified Envelope message, length delimited. Does not implicitly {@link k3sgrid.v1.Envelope.verify|verify} messages.
             * @param message Envelope message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encodeDelimited(message: k3sgrid.v1.Envelope.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an Envelope message from the specified reader or buffer.
             * @param r Reader or buffer to decode from
             * @param [l] Message length if known beforehand
             * @returns {k3sgrid.v1.Envelope & k3sgrid.v1.Envelope.$Shape} Envelope
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(r: ($protobuf.Reader|Uint8Array), l?: number): k3sgrid.v1.Envelope & k3sgrid.v1.Envelope.$Shape;

            /**
             * Decodes an Envelope message from the specified reader or buffer, length delimited.
             * @param reader Reader or buffer to decode from
             * @returns {k3sgrid.v1.Envelope & k3sgrid.v1.Envelope.$Shape} Envelope
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): k3sgrid.v1.Envelope & k3sgrid.v1.Envelope.$Shape;

            /**
             * Verifies an Envelope message.
             * @param m Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(m: { [k: string]: any }): (string|null);

            /**
             * Creates an Envelope message from a plain object. Also converts values to their respective internal types.
             * @param d Plain object
             * @returns Envelope
             */
            static fromObject(d: { [k: string]: any }): k3sgrid.v1.Envelope;

            /**
             * Creates a plain object from an Envelope message. Also converts values to other types if specified.
             * @param m Envelope
             * @param [o] Conversion options
             * @returns Plain object
             */
            static toObject(m: k3sgrid.v1.Envelope, o?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this Envelope to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };

            /**
             * Gets the type url for Envelope
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace Envelope {

            /** Properties of an Envelope. */
            interface $Properties {

                /** Envelope version */
                version?: (number|null);

                /** Envelope seq */
                seq?: (number|null);

                /** Envelope serverHello */
                serverHello?: (k3sgrid.v1.ServerHello.$Properties|null);

                /** Envelope enrollRequest */
                enrollRequest?: (k3sgrid.v1.EnrollRequest.$Properties|null);

                /** Envelope authRequest */
                authRequest?: (k3sgrid.v1.AuthRequest.$Properties|null);

                /** Envelope welcome */
                welcome?: (k3sgrid.v1.Welcome.$Properties|null);

                /** Envelope heartbeat */
                heartbeat?: (k3sgrid.v1.Heartbeat.$Properties|null);

                /** Envelope capabilityReport */
                capabilityReport?: (k3sgrid.v1.CapabilityReport.$Properties|null);

                /** Envelope assignment */
                assignment?: (k3sgrid.v1.Assignment.$Properties|null);

                /** Envelope ack */
                ack?: (k3sgrid.v1.Ack.$Properties|null);

                /** Envelope error */
                error?: (k3sgrid.v1.Error.$Properties|null);

                /** Envelope statusUpdate */
                statusUpdate?: (k3sgrid.v1.StatusUpdate.$Properties|null);

                /** Envelope kubeconfigRequest */
                kubeconfigRequest?: (k3sgrid.v1.KubeconfigRequest.$Properties|null);

                /** Envelope kubeconfigUpload */
                kubeconfigUpload?: (k3sgrid.v1.KubeconfigUpload.$Properties|null);

                /** Envelope body */
                body?: ("serverHello"|"enrollRequest"|"authRequest"|"welcome"|"heartbeat"|"capabilityReport"|"assignment"|"ack"|"error"|"statusUpdate"|"kubeconfigRequest"|"kubeconfigUpload");

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Narrowed shape of an Envelope. */
            type $Shape = {
              version?: number|null;
              seq?: number|null;
              serverHello?: k3sgrid.v1.ServerHello.$Shape|null;
              enrollRequest?: k3sgrid.v1.EnrollRequest.$Shape|null;
              authRequest?: k3sgrid.v1.AuthRequest.$Shape|null;
              welcome?: k3sgrid.v1.Welcome.$Shape|null;
              heartbeat?: k3sgrid.v1.Heartbeat.$Shape|null;
              capabilityReport?: k3sgrid.v1.CapabilityReport.$Shape|null;
              assignment?: k3sgrid.v1.Assignment.$Shape|null;
              ack?: k3sgrid.v1.Ack.$Shape|null;
              error?: k3sgrid.v1.Error.$Shape|null;
              statusUpdate?: k3sgrid.v1.StatusUpdate.$Shape|null;
              kubeconfigRequest?: k3sgrid.v1.KubeconfigRequest.$Shape|null;
              kubeconfigUpload?: k3sgrid.v1.KubeconfigUpload.$Shape|null;
              $unknowns?: Uint8Array[];
            } & (
              ({ body?: undefined; serverHello?: null; enrollRequest?: null; authRequest?: null; welcome?: null; heartbeat?: null; capabilityReport?: null; assignment?: null; ack?: null; error?: null; statusUpdate?: null; kubeconfigRequest?: null; kubeconfigUpload?: null }|{ body?: "serverHello"; serverHello: k3sgrid.v1.ServerHello.$Shape; enrollRequest?: null; authRequest?: null; welcome?: null; heartbeat?: null; capabilityReport?: null; assignment?: null; ack?: null; error?: null; statusUpdate?: null; kubeconfigRequest?: null; kubeconfigUpload?: null }|{ body?: "enrollRequest"; serverHello?: null; enrollRequest: k3sgrid.v1.EnrollRequest.$Shape; authRequest?: null; welcome?: null; heartbeat?: null; capabilityReport?: null; assignment?: null; ack?: null; error?: null; statusUpdate?: null; kubeconfigRequest?: null; kubeconfigUpload?: null }|{ body?: "authRequest"; serverHello?: null; enrollRequest?: null; authRequest: k3sgrid.v1.AuthRequest.$Shape; welcome?: null; heartbeat?: null; capabilityReport?: null; assignment?: null; ack?: null; error?: null; statusUpdate?: null; kubeconfigRequest?: null; kubeconfigUpload?: null }|{ body?: "welcome"; serverHello?: null; enrollRequest?: null; authRequest?: null; welcome: k3sgrid.v1.Welcome.$Shape; heartbeat?: null; capabilityReport?: null; assignment?: null; ack?: null; error?: null; statusUpdate?: null; kubeconfigRequest?: null; kubeconfigUpload?: null }|{ body?: "heartbeat"; serverHello?: null; enrollRequest?: null; authRequest?: null; welcome?: null; heartbeat: k3sgrid.v1.Heartbeat.$Shape; capabilityReport?: null; assignment?: null; ack?: null; error?: null; statusUpdate?: null; kubeconfigRequest?: null; kubeconfigUpload?: null }|{ body?: "capabilityReport"; serverHello?: null; enrollRequest?: null; authRequest?: null; welcome?: null; heartbeat?: null; capabilityReport: k3sgrid.v1.CapabilityReport.$Shape; assignment?: null; ack?: null; error?: null; statusUpdate?: null; kubeconfigRequest?: null; kubeconfigUpload?: null }|{ body?: "assignment"; serverHello?: null; enrollRequest?: null; authRequest?: null; welcome?: null; heartbeat?: null; capabilityReport?: null; assignment: k3sgrid.v1.Assignment.$Shape; ack?: null; error?: null; statusUpdate?: null; kubeconfigRequest?: null; kubeconfigUpload?: null }|{ body?: "ack"; serverHello?: null; enrollRequest?: null; authRequest?: null; welcome?: null; heartbeat?: null; capabilityReport?: null; assignment?: null; ack: k3sgrid.v1.Ack.$Shape; error?: null; statusUpdate?: null; kubeconfigRequest?: null; kubeconfigUpload?: null }|{ body?: "error"; serverHello?: null; enrollRequest?: null; authRequest?: null; welcome?: null; heartbeat?: null; capabilityReport?: null; assignment?: null; ack?: null; error: k3sgrid.v1.Error.$Shape; statusUpdate?: null; kubeconfigRequest?: null; kubeconfigUpload?: null }|{ body?: "statusUpdate"; serverHello?: null; enrollRequest?: null; authRequest?: null; welcome?: null; heartbeat?: null; capabilityReport?: null; assignment?: null; ack?: null; error?: null; statusUpdate: k3sgrid.v1.StatusUpdate.$Shape; kubeconfigRequest?: null; kubeconfigUpload?: null }|{ body?: "kubeconfigRequest"; serverHello?: null; enrollRequest?: null; authRequest?: null; welcome?: null; heartbeat?: null; capabilityReport?: null; assignment?: null; ack?: null; error?: null; statusUpdate?: null; kubeconfigRequest: k3sgrid.v1.KubeconfigRequest.$Shape; kubeconfigUpload?: null }|{ body?: "kubeconfigUpload"; serverHello?: null; enrollRequest?: null; authRequest?: null; welcome?: null; heartbeat?: null; capabilityReport?: null; assignment?: null; ack?: null; error?: null; statusUpdate?: null; kubeconfigRequest?: null; kubeconfigUpload: k3sgrid.v1.KubeconfigUpload.$Shape })
            );
        }

        /**
         * Properties of a ServerHello.
         * @deprecated Use k3sgrid.v1.ServerHello.$Properties instead.
         */
        interface IServerHello extends k3sgrid.v1.ServerHello.$Properties {
        }

        /** Represents a ServerHello. */
        class ServerHello {

            /**
             * Constructs a new ServerHello.
             * @param [p] Properties to set
             */
            constructor(p?: k3sgrid.v1.ServerHello.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** ServerHello sessionId. */
            sessionId: Uint8Array;

            /** ServerHello serverNonce. */
            serverNonce: Uint8Array;

            /** ServerHello serverTimeMs. */
            serverTimeMs: number;

            /**
             * Creates a new ServerHello instance using the specified properties.
             * @param [properties] Properties to set
             * @returns ServerHello instance
             */
            static create(properties: k3sgrid.v1.ServerHello.$Shape): k3sgrid.v1.ServerHello & k3sgrid.v1.ServerHello.$Shape;
            static create(properties?: k3sgrid.v1.ServerHello.$Properties): k3sgrid.v1.ServerHello;

            /**
             * Encodes the specified ServerHello message. Does not implicitly {@link k3sgrid.v1.ServerHello.verify|verify} messages.
             * @param m ServerHello message or plain object to encode
             * @param [w] Writer to encode to
             * @returns Writer
             */
            static encode(m: k3sgrid.v1.ServerHello.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Encodes the specified ServerHello message, length delimited. Does not implicitly {@link k3sgrid.v1.ServerHello.verify|verify} messages.
             * @param message ServerHello message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encodeDelimited(message: k3sgrid.v1.ServerHello.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a ServerHello message from the specified reader or buffer.
             * @param r Reader or buffer to decode from
             * @param [l] Message length if known beforehand
             * @returns {k3sgrid.v1.ServerHello & k3sgrid.v1.ServerHello.$Shape} ServerHello
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(r: ($protobuf.Reader|Uint8Array), l?: number): k3sgrid.v1.ServerHello & k3sgrid.v1.ServerHello.$Shape;

            /**
             * Decodes a ServerHello message from the specified reader or buffer, length delimited.
             * @param reader Reader or buffer to decode from
             * @returns {k3sgrid.v1.ServerHello & k3sgrid.v1.ServerHello.$Shape} ServerHello
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): k3sgrid.v1.ServerHello & k3sgrid.v1.ServerHello.$Shape;

            /**
             * Verifies a ServerHello message.
             * @param m Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(m: { [k: string]: any }): (string|null);

            /**
             * Creates a ServerHello message from a plain object. Also converts values to their respective internal types.
             * @param d Plain object
             * @returns ServerHello
             */
            static fromObject(d: { [k: string]: any }): k3sgrid.v1.ServerHello;

            /**
             * Creates a plain object from a ServerHello message. Also converts values to other types if specified.
             * @param m ServerHello
             * @param [o] Conversion options
             * @returns Plain object
             */
            static toObject(m: k3sgrid.v1.ServerHello, o?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this ServerHello to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };

            /**
             * Gets the type url for ServerHello
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace ServerHello {

            /** Properties of a ServerHello. */
            interface $Properties {

                /** ServerHello sessionId */
                sessionId?: (Uint8Array|null);

                /** ServerHello serverNonce */
                serverNonce?: (Uint8Array|null);

                /** ServerHello serverTimeMs */
                serverTimeMs?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a ServerHello. */
            type $Shape = k3sgrid.v1.ServerHello.$Properties;
        }

        /**
         * Properties of an EnrollRequest.
         * @deprecated Use k3sgrid.v1.EnrollRequest.$Properties instead.
         */
        interface IEnrollRequest extends k3sgrid.v1.EnrollRequest.$Properties {
        }

        /** Represents an EnrollRequest. */
        class EnrollRequest {

            /**
             * Constructs a new EnrollRequest.
             * @param [p] Properties to set
             */
            constructor(p?: k3sgrid.v1.EnrollRequest.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** EnrollRequest clientNonce. */
            clientNonce: Uint8Array;

            /** EnrollRequest tokenId. */
            tokenId: string;

            /** EnrollRequest nodeSignPub. */
            nodeSignPub: Uint8Array;

            /** EnrollRequest nodeBoxPub. */
            nodeBoxPub: Uint8Array;

            /** EnrollRequest hostname. */
            hostname: string;

            /** EnrollRequest report. */
            report?: (k3sgrid.v1.CapabilityReport.$Properties|null);

            /** EnrollRequest mac. */
            mac: Uint8Array;

            /** EnrollRequest signature. */
            signature: Uint8Array;

            /** EnrollRequest agentVersion. */
            agentVersion: string;

            /**
             * Creates a new EnrollRequest instance using the specified properties.
             * @param [properties] Properties to set
             * @returns EnrollRequest instance
             */
            static create(properties: k3sgrid.v1.EnrollRequest.$Shape): k3sgrid.v1.EnrollRequest & k3sgrid.v1.EnrollRequest.$Shape;
            static create(properties?: k3sgrid.v1.EnrollRequest.$Properties): k3sgrid.v1.EnrollRequest;

            /**
             * Encodes the specified EnrollRequest message. Does not implicitly {@link k3sgrid.v1.EnrollRequest.verify|verify} messages.
             * @param m EnrollRequest message or plain object to encode
             * @param [w] Writer to encode to
             * @returns Writer
             */
            static encode(m: k3sgrid.v1.EnrollRequest.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Encodes the specified EnrollRequest message, length delimited. Does not implicitly {@link k3sgrid.v1.EnrollRequest.verify|verify} messages.
             * @param message EnrollRequest message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encodeDelimited(message: k3sgrid.v1.EnrollRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an EnrollRequest message from the specified reader or buffer.
             * @param r Reader or buffer to decode from
             * @param [l] Message length if known beforehand
             * @returns {k3sgrid.v1.EnrollRequest & k3sgrid.v1.EnrollRequest.$Shape} EnrollRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(r: ($protobuf.Reader|Uint8Array), l?: number): k3sgrid.v1.EnrollRequest & k3sgrid.v1.EnrollRequest.$Shape;

            /**
             * Decodes an EnrollRequest message from the specified reader or buffer, length delimited.
             * @param reader Reader or buffer to decode from
             * @returns {k3sgrid.v1.EnrollRequest & k3sgrid.v1.EnrollRequest.$Shape} EnrollRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): k3sgrid.v1.EnrollRequest & k3sgrid.v1.EnrollRequest.$Shape;

            /**
             * Verifies an EnrollRequest message.
             * @param m Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(m: { [k: string]: any }): (string|null);

            /**
             * Creates an EnrollRequest message from a plain object. Also converts values to their respective internal types.
             * @param d Plain object
             * @returns EnrollRequest
             */
            static fromObject(d: { [k: string]: any }): k3sgrid.v1.EnrollRequest;

            /**
             * Creates a plain object from an EnrollRequest message. Also converts values to other types if specified.
             * @param m EnrollRequest
             * @param [o] Conversion options
             * @returns Plain object
             */
            static toObject(m: k3sgrid.v1.EnrollRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this EnrollRequest to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };

            /**
             * Gets the type url for EnrollRequest
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace EnrollRequest {

            /** Properties of an EnrollRequest. */
            interface $Properties {

                /** EnrollRequest clientNonce */
                clientNonce?: (Uint8Array|null);

                /** EnrollRequest tokenId */
                tokenId?: (string|null);

                /** EnrollRequest nodeSignPub */
                nodeSignPub?: (Uint8Array|null);

                /** EnrollRequest nodeBoxPub */
                nodeBoxPub?: (Uint8Array|null);

                /** EnrollRequest hostname */
                hostname?: (string|null);

                /** EnrollRequest report */
                report?: (k3sgrid.v1.CapabilityReport.$Properties|null);

                /** EnrollRequest mac */
                mac?: (Uint8Array|null);

                /** EnrollRequest signature */
                signature?: (Uint8Array|null);

                /** EnrollRequest agentVersion */
                agentVersion?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an EnrollRequest. */
            type $Shape = k3sgrid.v1.EnrollRequest.$Properties;
        }

        /**
         * Properties of an AuthRequest.
         * @deprecated Use k3sgrid.v1.AuthRequest.$Properties instead.
         */
        interface IAuthRequest extends k3sgrid.v1.AuthRequest.$Properties {
        }

        /** Represents an AuthRequest. */
        class AuthRequest {

            /**
             * Constructs a new AuthRequest.
             * @param [p] Properties to set
             */
            constructor(p?: k3sgrid.v1.AuthRequest.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** AuthRequest clientNonce. */
            clientNonce: Uint8Array;

            /** AuthRequest nodeSignPub. */
            nodeSignPub: Uint8Array;

            /** AuthRequest report. */
            report?: (k3sgrid.v1.CapabilityReport.$Properties|null);

            /** AuthRequest signature. */
            signature: Uint8Array;

            /** AuthRequest agentVersion. */
            agentVersion: string;

            /** AuthRequest hostname. */
            hostname: string;

            /**
             * Creates a new AuthRequest instance using the specified properties.
             * @param [properties] Properties to set
             * @returns AuthRequest instance
             */
            static create(properties: k3sgrid.v1.AuthRequest.$Shape): k3sgrid.v1.AuthRequest & k3sgrid.v1.AuthRequest.$Shape;
            static create(properties?: k3sgrid.v1.AuthRequest.$Properties): k3sgrid.v1.AuthRequest;

            /**
             * Encodes the specified AuthRequest message. Does not implicitly {@link k3sgrid.v1.AuthRequest.verify|verify} messages.
             * @param m AuthRequest message or plain object to encode
             * @param [w] Writer to encode to
             * @returns Writer
             */
            static encode(m: k3sgrid.v1.AuthRequest.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Encodes the specified AuthRequest message, length delimited. Does not implicitly {@link k3sgrid.v1.AuthRequest.verify|verify} messages.
             * @param message AuthRequest message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encodeDelimited(message: k3sgrid.v1.AuthRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an AuthRequest message from the specified reader or buffer.
             * @param r Reader or buffer to decode from
             * @param [l] Message length if known beforehand
             * @returns {k3sgrid.v1.AuthRequest & k3sgrid.v1.AuthRequest.$Shape} AuthRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(r: ($protobuf.Reader|Uint8Array), l?: number): k3sgrid.v1.AuthRequest & k3sgrid.v1.AuthRequest.$Shape;

            /**
             * Decodes an AuthRequest message from the specified reader or buffer, length delimited.
             * @param reader Reader or buffer to decode from
             * @returns {k3sgrid.v1.AuthRequest & k3sgrid.v1.AuthRequest.$Shape} AuthRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): k3sgrid.v1.AuthRequest & k3sgrid.v1.AuthRequest.$Shape;

            /**
             * Verifies an AuthRequest message.
             * @param m Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(m: { [k: string]: any }): (string|null);

            /**
             * Creates an AuthRequest message from a plain object. Also converts values to their respective internal types.
             * @param d Plain object
             * @returns AuthRequest
             */
            static fromObject(d: { [k: string]: any }): k3sgrid.v1.AuthRequest;

            /**
             * Creates a plain object from an AuthRequest message. Also converts values to other types if specified.
             * @param m AuthRequest
             * @param [o] Conversion options
             * @returns Plain object
             */
            static toObject(m: k3sgrid.v1.AuthRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this AuthRequest to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };

            /**
             * Gets the type url for AuthRequest
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace AuthRequest {

            /** Properties of an AuthRequest. */
            interface $Properties {

                /** AuthRequest clientNonce */
                clientNonce?: (Uint8Array|null);

                /** AuthRequest nodeSignPub */
                nodeSignPub?: (Uint8Array|null);

                /** AuthRequest report */
                report?: (k3sgrid.v1.CapabilityReport.$Properties|null);

                /** AuthRequest signature */
                signature?: (Uint8Array|null);

                /** AuthRequest agentVersion */
                agentVersion?: (string|null);

                /** AuthRequest hostname */
                hostname?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an AuthRequest. */
            type $Shape = k3sgrid.v1.AuthRequest.$Properties;
        }

        /**
         * Properties of a Welcome.
         * @deprecated Use k3sgrid.v1.Welcome.$Properties instead.
         */
        interface IWelcome extends k3sgrid.v1.Welcome.$Properties {
        }

        /** Represents a Welcome. */
        class Welcome {

            /**
             * Constructs a new Welcome.
             * @param [p] Properties to set
             */
            constructor(p?: k3sgrid.v1.Welcome.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Welcome nodeId. */
            nodeId: string;

            /** Welcome nodeName. */
            nodeName: string;

            /** Welcome clusterId. */
            clusterId: string;

            /** Welcome heartbeatIntervalMs. */
            heartbeatIntervalMs: number;

            /** Welcome coordinatorSignPub. */
            coordinatorSignPub: Uint8Array;

            /** Welcome signature. */
            signature: Uint8Array;

            /** Welcome coordinatorBoxPub. */
            coordinatorBoxPub: Uint8Array;

            /**
             * Creates a new Welcome instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Welcome instance
             */
            static create(properties: k3sgrid.v1.Welcome.$Shape): k3sgrid.v1.Welcome & k3sgrid.v1.Welcome.$Shape;
            static create(properties?: k3sgrid.v1.Welcome.$Properties): k3sgrid.v1.Welcome;

            /**
             * Encodes the specified Welcome message. Does not implicitly {@link k3sgrid.v1.Welcome.verify|verify} messages.
             * @param m Welcome message or plain object to encode
             * @param [w] Writer to encode to
             * @returns Writer
             */
            static encode(m: k3sgrid.v1.Welcome.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Encodes the specified Welcome message, length delimited. Does not implicitly {@link k3sgrid.v1.Welcome.verify|verify} messages.
             * @param message Welcome message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encodeDelimited(message: k3sgrid.v1.Welcome.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a Welcome message from the specified reader or buffer.
             * @param r Reader or buffer to decode from
             * @param [l] Message length if known beforehand
             * @returns {k3sgrid.v1.Welcome & k3sgrid.v1.Welcome.$Shape} Welcome
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(r: ($protobuf.Reader|Uint8Array), l?: number): k3sgrid.v1.Welcome & k3sgrid.v1.Welcome.$Shape;

            /**
             * Decodes a Welcome message from the specified reader or buffer, length delimited.
             * @param reader Reader or buffer to decode from
             * @returns {k3sgrid.v1.Welcome & k3sgrid.v1.Welcome.$Shape} Welcome
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): k3sgrid.v1.Welcome & k3sgrid.v1.Welcome.$Shape;

            /**
             * Verifies a Welcome message.
             * @param m Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(m: { [k: string]: any }): (string|null);

            /**
             * Creates a Welcome message from a plain object. Also converts values to their respective internal types.
             * @param d Plain object
             * @returns Welcome
             */
            static fromObject(d: { [k: string]: any }): k3sgrid.v1.Welcome;

            /**
             * Creates a plain object from a Welcome message. Also converts values to other types if specified.
             * @param m Welcome
             * @param [o] Conversion options
             * @returns Plain object
             */
            static toObject(m: k3sgrid.v1.Welcome, o?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this Welcome to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };

            /**
             * Gets the type url for Welcome
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace Welcome {

            /** Properties of a Welcome. */
            interface $Properties {

                /** Welcome nodeId */
                nodeId?: (string|null);

                /** Welcome nodeName */
                nodeName?: (string|null);

                /** Welcome clusterId */
                clusterId?: (string|null);

                /** Welcome heartbeatIntervalMs */
                heartbeatIntervalMs?: (number|null);

                /** Welcome coordinatorSignPub */
                coordinatorSignPub?: (Uint8Array|null);

                /** Welcome signature */
                signature?: (Uint8Array|null);

                /** Welcome coordinatorBoxPub */
                coordinatorBoxPub?: (Uint8Array|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a Welcome. */
            type $Shape = k3sgrid.v1.Welcome.$Properties;
        }

        /**
         * Properties of a Heartbeat.
         * @deprecated Use k3sgrid.v1.Heartbeat.$Properties instead.
         */
        interface IHeartbeat extends k3sgrid.v1.Heartbeat.$Properties {
        }

        /** Represents a Heartbeat. */
        class Heartbeat {

            /**
             * Constructs a new Heartbeat.
             * @param [p] Properties to set
             */
            constructor(p?: k3sgrid.v1.Heartbeat.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Heartbeat agentTimeMs. */
            agentTimeMs: number;

            /** Heartbeat phase. */
            phase: string;

            /** Heartbeat appliedEpoch. */
            appliedEpoch: number;

            /** Heartbeat appliedGeneration. */
            appliedGeneration: number;

            /**
             * Creates a new Heartbeat instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Heartbeat instance
             */
            static create(properties: k3sgrid.v1.Heartbeat.$Shape): k3sgrid.v1.Heartbeat & k3sgrid.v1.Heartbeat.$Shape;
            static create(properties?: k3sgrid.v1.Heartbeat.$Properties): k3sgrid.v1.Heartbeat;

            /**
             * Encodes the specified Heartbeat message. Does not implicitly {@link k3sgrid.v1.Heartbeat.verify|verify} messages.
             * @param m Heartbeat message or plain object to encode
             * @param [w] Writer to encode to
             * @returns Writer
             */
            static encode(m: k3sgrid.v1.Heartbeat.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Encodes the specified Heartbeat message, length delimited. Does not implicitly {@link k3sgrid.v1.Heartbeat.verify|verify} messages.
             * @param message Heartbeat message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encodeDelimited(message: k3sgrid.v1.Heartbeat.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a Heartbeat message from the specified reader or buffer.
             * @param r Reader or buffer to decode from
             * @param [l] Message length if known beforehand
             * @returns {k3sgrid.v1.Heartbeat & k3sgrid.v1.Heartbeat.$Shape} Heartbeat
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(r: ($protobuf.Reader|Uint8Array), l?: number): k3sgrid.v1.Heartbeat & k3sgrid.v1.Heartbeat.$Shape;

            /**
             * Decodes a Heartbeat message from the specified reader or buffer, length delimited.
             * @param reader Reader or buffer to decode from
             * @returns {k3sgrid.v1.Heartbeat & k3sgrid.v1.Heartbeat.$Shape} Heartbeat
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): k3sgrid.v1.Heartbeat & k3sgrid.v1.Heartbeat.$Shape;

            /**
             * Verifies a Heartbeat message.
             * @param m Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(m: { [k: string]: any }): (string|null);

            /**
             * Creates a Heartbeat message from a plain object. Also converts values to their respective internal types.
             * @param d Plain object
             * @returns Heartbeat
             */
            static fromObject(d: { [k: string]: any }): k3sgrid.v1.Heartbeat;

            /**
             * Creates a plain object from a Heartbeat message. Also converts values to other types if specified.
             * @param m Heartbeat
             * @param [o] Conversion options
             * @returns Plain object
             */
            static toObject(m: k3sgrid.v1.Heartbeat, o?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this Heartbeat to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };

            /**
             * Gets the type url for Heartbeat
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace Heartbeat {

            /** Properties of a Heartbeat. */
            interface $Properties {

                /** Heartbeat agentTimeMs */
                agentTimeMs?: (number|null);

                /** Heartbeat phase */
                phase?: (string|null);

                /** Heartbeat appliedEpoch */
                appliedEpoch?: (number|null);

                /** Heartbeat appliedGeneration */
                appliedGeneration?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a Heartbeat. */
            type $Shape = k3sgrid.v1.Heartbeat.$Properties;
        }

        /** CapabilitySource enum. */
        enum CapabilitySource {

            /** SOURCE_UNSPECIFIED value */
            SOURCE_UNSPECIFIED = 0,

            /** SOURCE_PROC_MODULES value */
            SOURCE_PROC_MODULES = 1,

            /** SOURCE_MODULES_BUILTIN value */
            SOURCE_MODULES_BUILTIN = 2,

            /** SOURCE_MODULES_DEP value */
            SOURCE_MODULES_DEP = 3,

            /** SOURCE_MODULES_ORDER value */
            SOURCE_MODULES_ORDER = 4,

            /** SOURCE_KERNEL_CONFIG value */
            SOURCE_KERNEL_CONFIG = 5,

            /** SOURCE_NONE value */
            SOURCE_NONE = 6
        }

        /**
         * Properties of a ModuleState.
         * @deprecated Use k3sgrid.v1.ModuleState.$Properties instead.
         */
        interface IModuleState extends k3sgrid.v1.ModuleState.$Properties {
        }

        /** Represents a ModuleState. */
        class ModuleState {

            /**
             * Constructs a new ModuleState.
             * @param [p] Properties to set
             */
            constructor(p?: k3sgrid.v1.ModuleState.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** ModuleState name. */
            name: string;

            /** ModuleState configSymbol. */
            configSymbol: string;

            /** ModuleState state. */
            state: string;

            /** ModuleState sourceFile. */
            sourceFile: string;

            /**
             * Creates a new ModuleState instance using the specified properties.
             * @param [properties] Properties to set
             * @returns ModuleState instance
             */
            static create(properties: k3sgrid.v1.ModuleState.$Shape): k3sgrid.v1.ModuleState & k3sgrid.v1.ModuleState.$Shape;
            static create(properties?: k3sgrid.v1.ModuleState.$Properties): k3sgrid.v1.ModuleState;

            /**
             * Encodes the specified ModuleState message. Does not implicitly {@link k3sgrid.v1.ModuleState.verify|verify} messages.
             * @param m ModuleState message or plain object to encode
             * @param [w] Writer to encode to
             * @returns Writer
             */
            static encode(m: k3sgrid.v1.ModuleState.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Encodes the specified ModuleState message, length delimited. Does not implicitly {@link k3sgrid.v1.ModuleState.verify|verify} messages.
             * @param message ModuleState message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encodeDelimited(message: k3sgrid.v1.ModuleState.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a ModuleState message from the specified reader or buffer.
             * @param r Reader or buffer to decode from
             * @param [l] Message length if known beforehand
             * @returns {k3sgrid.v1.ModuleState & k3sgrid.v1.ModuleState.$Shape} ModuleState
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(r: ($protobuf.Reader|Uint8Array), l?: number): k3sgrid.v1.ModuleState & k3sgrid.v1.ModuleState.$Shape;

            /**
             * Decodes a ModuleState message from the specified reader or buffer, length delimited.
             * @param reader Reader or buffer to decode from
             * @returns {k3sgrid.v1.ModuleState & k3sgrid.v1.ModuleState.$Shape} ModuleState
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): k3sgrid.v1.ModuleState & k3sgrid.v1.ModuleState.$Shape;

            /**
             * Verifies a ModuleState message.
             * @param m Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(m: { [k: string]: any }): (string|null);

            /**
             * Creates a ModuleState message from a plain object. Also converts values to their respective internal types.
             * @param d Plain object
             * @returns ModuleState
             */
            static fromObject(d: { [k: string]: any }): k3sgrid.v1.ModuleState;

            /**
             * Creates a plain object from a ModuleState message. Also converts values to other types if specified.
             * @param m ModuleState
             * @param [o] Conversion options
             * @returns Plain object
             */
            static toObject(m: k3sgrid.v1.ModuleState, o?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this ModuleState to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };

            /**
             * Gets the type url for ModuleState
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace ModuleState {

            /** Properties of a ModuleState. */
            interface $Properties {

                /** ModuleState name */
                name?: (string|null);

                /** ModuleState configSymbol */
                configSymbol?: (string|null);

                /** ModuleState state */
                state?: (string|null);

                /** ModuleState sourceFile */
                sourceFile?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a ModuleState. */
            type $Shape = k3sgrid.v1.ModuleState.$Properties;
        }

        /**
         * Properties of a ToolState.
         * @deprecated Use k3sgrid.v1.ToolState.$Properties instead.
         */
        interface IToolState extends k3sgrid.v1.ToolState.$Properties {
        }

        /** Represents a ToolState. */
        class ToolState {

            /**
             * Constructs a new ToolState.
             * @param [p] Properties to set
             */
            constructor(p?: k3sgrid.v1.ToolState.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** ToolState name. */
            name: string;

            /** ToolState present. */
            present: boolean;

            /** ToolState path. */
            path: string;

            /**
             * Creates a new ToolState instance using the specified properties.
             * @param [properties] Properties to set
             * @returns ToolState instance
             */
            static create(properties: k3sgrid.v1.ToolState.$Shape): k3sgrid.v1.ToolState & k3sgrid.v1.ToolState.$Shape;
            static create(properties?: k3sgrid.v1.ToolState.$Properties): k3sgrid.v1.ToolState;

            /**
             * Encodes the specified ToolState message. Does not implicitly {@link k3sgrid.v1.ToolState.verify|verify} messages.
             * @param m ToolState message or plain object to encode
             * @param [w] Writer to encode to
             * @returns Writer
             */
            static encode(m: k3sgrid.v1.ToolState.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Encodes the specified ToolState message, length delimited. Does not implicitly {@link k3sgrid.v1.ToolState.verify|verify} messages.
             * @param message ToolState message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encodeDelimited(message: k3sgrid.v1.ToolState.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a ToolState message from the specified reader or buffer.
             * @param r Reader or buffer to decode from
             * @param [l] Message length if known beforehand
             * @returns {k3sgrid.v1.ToolState & k3sgrid.v1.ToolState.$Shape} ToolState
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(r: ($protobuf.Reader|Uint8Array), l?: number): k3sgrid.v1.ToolState & k3sgrid.v1.ToolState.$Shape;

            /**
             * Decodes a ToolState message from the specified reader or buffer, length delimited.
             * @param reader Reader or buffer to decode from
             * @returns {k3sgrid.v1.ToolState & k3sgrid.v1.ToolState.$Shape} ToolState
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): k3sgrid.v1.ToolState & k3sgrid.v1.ToolState.$Shape;

            /**
             * Verifies a ToolState message.
             * @param m Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(m: { [k: string]: any }): (string|null);

            /**
             * Creates a ToolState message from a plain object. Also converts values to their respective internal types.
             * @param d Plain object
             * @returns ToolState
             */
            static fromObject(d: { [k: string]: any }): k3sgrid.v1.ToolState;

            /**
             * Creates a plain object from a ToolState message. Also converts values to other types if specified.
             * @param m ToolState
             * @param [o] Conversion options
             * @returns Plain object
             */
            static toObject(m: k3sgrid.v1.ToolState, o?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this ToolState to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };

            /**
             * Gets the type url for ToolState
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace ToolState {

            /** Properties of a ToolState. */
            interface $Properties {

                /** ToolState name */
                name?: (string|null);

                /** ToolState present */
                present?: (boolean|null);

                /** ToolState path */
                path?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a ToolState. */
            type $Shape = k3sgrid.v1.ToolState.$Properties;
        }

        /**
         * Properties of a DiskInfo.
         * @deprecated Use k3sgrid.v1.DiskInfo.$Properties instead.
         */
        interface IDiskInfo extends k3sgrid.v1.DiskInfo.$Properties {
        }

        /** Represents a DiskInfo. */
        class DiskInfo {

            /**
             * Constructs a new DiskInfo.
             * @param [p] Properties to set
             */
            constructor(p?: k3sgrid.v1.DiskInfo.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** DiskInfo name. */
            name: string;

            /** DiskInfo sizeBytes. */
            sizeBytes: number;

            /** DiskInfo unused. */
            unused: boolean;

            /** DiskInfo type. */
            type: string;

            /**
             * Creates a new DiskInfo instance using the specified properties.
             * @param [properties] Properties to set
             * @returns DiskInfo instance
             */
            static create(properties: k3sgrid.v1.DiskInfo.$Shape): k3sgrid.v1.DiskInfo & k3sgrid.v1.DiskInfo.$Shape;
            static create(properties?: k3sgrid.v1.DiskInfo.$Properties): k3sgrid.v1.DiskInfo;

            /**
             * Encodes the specified DiskInfo message. Does not implicitly {@link k3sgrid.v1.DiskInfo.verify|verify} messages.
             * @param m DiskInfo message or plain object to encode
             * @param [w] Writer to encode to
             * @returns Writer
             */
            static encode(m: k3sgrid.v1.DiskInfo.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Encodes the specified DiskInfo message, length delimited. Does not implicitly {@link k3sgrid.v1.DiskInfo.verify|verify} messages.
             * @param message DiskInfo message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encodeDelimited(message: k3sgrid.v1.DiskInfo.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a DiskInfo message from the specified reader or buffer.
             * @param r Reader or buffer to decode from
             * @param [l] Message length if known beforehand
             * @returns {k3sgrid.v1.DiskInfo & k3sgrid.v1.DiskInfo.$Shape} DiskInfo
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(r: ($protobuf.Reader|Uint8Array), l?: number): k3sgrid.v1.DiskInfo & k3sgrid.v1.DiskInfo.$Shape;

            /**
             * Decodes a DiskInfo message from the specified reader or buffer, length delimited.
             * @param reader Reader or buffer to decode from
             * @returns {k3sgrid.v1.DiskInfo & k3sgrid.v1.DiskInfo.$Shape} DiskInfo
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): k3sgrid.v1.DiskInfo & k3sgrid.v1.DiskInfo.$Shape;

            /**
             * Verifies a DiskInfo message.
             * @param m Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(m: { [k: string]: any }): (string|null);

            /**
             * Creates a DiskInfo message from a plain object. Also converts values to their respective internal types.
             * @param d Plain object
             * @returns DiskInfo
             */
            static fromObject(d: { [k: string]: any }): k3sgrid.v1.DiskInfo;

            /**
             * Creates a plain object from a DiskInfo message. Also converts values to other types if specified.
             * @param m DiskInfo
             * @param [o] Conversion options
             * @returns Plain object
             */
            static toObject(m: k3sgrid.v1.DiskInfo, o?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this DiskInfo to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };

            /**
             * Gets the type url for DiskInfo
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace DiskInfo {

            /** Properties of a DiskInfo. */
            interface $Properties {

                /** DiskInfo name */
                name?: (string|null);

                /** DiskInfo sizeBytes */
                sizeBytes?: (number|null);

                /** DiskInfo unused */
                unused?: (boolean|null);

                /** DiskInfo type */
                type?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a DiskInfo. */
            type $Shape = k3sgrid.v1.DiskInfo.$Properties;
        }

        /**
         * Properties of a CapabilityReport.
         * @deprecated Use k3sgrid.v1.CapabilityReport.$Properties instead.
         */
        interface ICapabilityReport extends k3sgrid.v1.CapabilityReport.$Properties {
        }

        /** Represents a CapabilityReport. */
        class CapabilityReport {

            /**
             * Constructs a new CapabilityReport.
             * @param [p] Properties to set
             */
            constructor(p?: k3sgrid.v1.CapabilityReport.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** CapabilityReport kernelRelease. */
            kernelRelease: string;

            /** CapabilityReport modules. */
            modules: k3sgrid.v1.ModuleState.$Properties[];

            /** CapabilityReport tools. */
            tools: k3sgrid.v1.ToolState.$Properties[];

            /** CapabilityReport initSystem. */
            initSystem: string;

            /** CapabilityReport cgroupVersion. */
            cgroupVersion: number;

            /** CapabilityReport cpuCount. */
            cpuCount: number;

            /** CapabilityReport memoryBytes. */
            memoryBytes: number;

            /** CapabilityReport disks. */
            disks: k3sgrid.v1.DiskInfo.$Properties[];

            /** CapabilityReport addresses. */
            addresses: string[];

            /** CapabilityReport gridFarmId. */
            gridFarmId: string;

            /** CapabilityReport gridNodeId. */
            gridNodeId: string;

            /** CapabilityReport publicIp. */
            publicIp: string;

            /** CapabilityReport arch. */
            arch: string;

            /** CapabilityReport hostname. */
            hostname: string;

            /** CapabilityReport kernelConfigSource. */
            kernelConfigSource: string;

            /**
             * Creates a new CapabilityReport instance using the specified properties.
             * @param [properties] Properties to set
             * @returns CapabilityReport instance
             */
            static create(properties: k3sgrid.v1.CapabilityReport.$Shape): k3sgrid.v1.CapabilityReport & k3sgrid.v1.CapabilityReport.$Shape;
            static create(properties?: k3sgrid.v1.CapabilityReport.$Properties): k3sgrid.v1.CapabilityReport;

            /**
             * Encodes the specified CapabilityReport message. Does not implicitly {@link k3sgrid.v1.CapabilityReport.verify|verify} messages.
             * @param m CapabilityReport message or plain object to encode
             * @param [w] Writer to encode to
             * @returns Writer
             */
            static encode(m: k3sgrid.v1.CapabilityReport.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Encodes the specified CapabilityReport message, length delimited. Does not implicitly {@link k3sgrid.v1.CapabilityReport.verify|verify} messages.
             * @param message CapabilityReport message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encodeDelimited(message: k3sgrid.v1.CapabilityReport.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a CapabilityReport message from the specified reader or buffer.
             * @param r Reader or buffer to decode from
             * @param [l] Message length if known beforehand
             * @returns {k3sgrid.v1.CapabilityReport & k3sgrid.v1.CapabilityReport.$Shape} CapabilityReport
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(r: ($protobuf.Reader|Uint8Array), l?: number): k3sgrid.v1.CapabilityReport & k3sgrid.v1.CapabilityReport.$Shape;

            /**
             * Decodes a CapabilityReport message from the specified reader or buffer, length delimited.
             * @param reader Reader or buffer to decode from
             * @returns {k3sgrid.v1.CapabilityReport & k3sgrid.v1.CapabilityReport.$Shape} CapabilityReport
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): k3sgrid.v1.CapabilityReport & k3sgrid.v1.CapabilityReport.$Shape;

            /**
             * Verifies a CapabilityReport message.
             * @param m Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(m: { [k: string]: any }): (string|null);

            /**
             * Creates a CapabilityReport message from a plain object. Also converts values to their respective internal types.
             * @param d Plain object
             * @returns CapabilityReport
             */
            static fromObject(d: { [k: string]: any }): k3sgrid.v1.CapabilityReport;

            /**
             * Creates a plain object from a CapabilityReport message. Also converts values to other types if specified.
             * @param m CapabilityReport
             * @param [o] Conversion options
             * @returns Plain object
             */
            static toObject(m: k3sgrid.v1.CapabilityReport, o?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this CapabilityReport to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };

            /**
             * Gets the type url for CapabilityReport
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace CapabilityReport {

            /** Properties of a CapabilityReport. */
            interface $Properties {

                /** CapabilityReport kernelRelease */
                kernelRelease?: (string|null);

                /** CapabilityReport modules */
                modules?: (k3sgrid.v1.ModuleState.$Properties[]|null);

                /** CapabilityReport tools */
                tools?: (k3sgrid.v1.ToolState.$Properties[]|null);

                /** CapabilityReport initSystem */
                initSystem?: (string|null);

                /** CapabilityReport cgroupVersion */
                cgroupVersion?: (number|null);

                /** CapabilityReport cpuCount */
                cpuCount?: (number|null);

                /** CapabilityReport memoryBytes */
                memoryBytes?: (number|null);

                /** CapabilityReport disks */
                disks?: (k3sgrid.v1.DiskInfo.$Properties[]|null);

                /** CapabilityReport addresses */
                addresses?: (string[]|null);

                /** CapabilityReport gridFarmId */
                gridFarmId?: (string|null);

                /** CapabilityReport gridNodeId */
                gridNodeId?: (string|null);

                /** CapabilityReport publicIp */
                publicIp?: (string|null);

                /** CapabilityReport arch */
                arch?: (string|null);

                /** CapabilityReport hostname */
                hostname?: (string|null);

                /** CapabilityReport kernelConfigSource */
                kernelConfigSource?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a CapabilityReport. */
            type $Shape = k3sgrid.v1.CapabilityReport.$Properties;
        }

        /**
         * Properties of an Assignment.
         * @deprecated Use k3sgrid.v1.Assignment.$Properties instead.
         */
        interface IAssignment extends k3sgrid.v1.Assignment.$Properties {
        }

        /** Represents an Assignment. */
        class Assignment {

            /**
             * Constructs a new Assignment.
             * @param [p] Properties to set
             */
            constructor(p?: k3sgrid.v1.Assignment.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Assignment body. */
            body: Uint8Array;

            /** Assignment signature. */
            signature: Uint8Array;

            /**
             * Creates a new Assignment instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Assignment instance
             */
            static create(properties: k3sgrid.v1.Assignment.$Shape): k3sgrid.v1.Assignment & k3sgrid.v1.Assignment.$Shape;
            static create(properties?: k3sgrid.v1.Assignment.$Properties): k3sgrid.v1.Assignment;

            /**
             * Encodes the specified Assignment message. Does not implicitly {@link k3sgrid.v1.Assignment.verify|verify} messages.
             * @param m Assignment message or plain object to encode
             * @param [w] Writer to encode to
             * @returns Writer
             */
            static encode(m: k3sgrid.v1.Assignment.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Encodes the specified Assignment message, length delimited. Does not implicitly {@link k3sgrid.v1.Assignment.verify|verify} messages.
             * @param message Assignment message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encodeDelimited(message: k3sgrid.v1.Assignment.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an Assignment message from the specified reader or buffer.
             * @param r Reader or buffer to decode from
             * @param [l] Message length if known beforehand
             * @returns {k3sgrid.v1.Assignment & k3sgrid.v1.Assignment.$Shape} Assignment
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(r: ($protobuf.Reader|Uint8Array), l?: number): k3sgrid.v1.Assignment & k3sgrid.v1.Assignment.$Shape;

            /**
             * Decodes an Assignment message from the specified reader or buffer, length delimited.
             * @param reader Reader or buffer to decode from
             * @returns {k3sgrid.v1.Assignment & k3sgrid.v1.Assignment.$Shape} Assignment
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): k3sgrid.v1.Assignment & k3sgrid.v1.Assignment.$Shape;

            /**
             * Verifies an Assignment message.
             * @param m Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(m: { [k: string]: any }): (string|null);

            /**
             * Creates an Assignment message from a plain object. Also converts values to their respective internal types.
             * @param d Plain object
             * @returns Assignment
             */
            static fromObject(d: { [k: string]: any }): k3sgrid.v1.Assignment;

            /**
             * Creates a plain object from an Assignment message. Also converts values to other types if specified.
             * @param m Assignment
             * @param [o] Conversion options
             * @returns Plain object
             */
            static toObject(m: k3sgrid.v1.Assignment, o?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this Assignment to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };

            /**
             * Gets the type url for Assignment
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace Assignment {

            /** Properties of an Assignment. */
            interface $Properties {

                /** Assignment body */
                body?: (Uint8Array|null);

                /** Assignment signature */
                signature?: (Uint8Array|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an Assignment. */
            type $Shape = k3sgrid.v1.Assignment.$Properties;
        }

        /**
         * Properties of an AssignmentBody.
         * @deprecated Use k3sgrid.v1.AssignmentBody.$Properties instead.
         */
        interface IAssignmentBody extends k3sgrid.v1.AssignmentBody.$Properties {
        }

        /** Represents an AssignmentBody. */
        class AssignmentBody {

            /**
             * Constructs a new AssignmentBody.
             * @param [p] Properties to set
             */
            constructor(p?: k3sgrid.v1.AssignmentBody.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** AssignmentBody nodeId. */
            nodeId: string;

            /** AssignmentBody clusterId. */
            clusterId: string;

            /** AssignmentBody epoch. */
            epoch: number;

            /** AssignmentBody generation. */
            generation: number;

            /** AssignmentBody role. */
            role: string;

            /** AssignmentBody nodeName. */
            nodeName: string;

            /** AssignmentBody serverUrl. */
            serverUrl: string;

            /** AssignmentBody k3sVersion. */
            k3sVersion: string;

            /** AssignmentBody tlsSans. */
            tlsSans: string[];

            /** AssignmentBody nodeLabels. */
            nodeLabels: string[];

            /** AssignmentBody nodeTaints. */
            nodeTaints: string[];

            /** AssignmentBody flannelBackend. */
            flannelBackend: string;

            /** AssignmentBody disable. */
            disable: string[];

            /** AssignmentBody secretsEncryption. */
            secretsEncryption: boolean;

            /** AssignmentBody nodeIp. */
            nodeIp: string;

            /** AssignmentBody nodeExternalIp. */
            nodeExternalIp: string;

            /** AssignmentBody flannelIface. */
            flannelIface: string;

            /** AssignmentBody manifests. */
            manifests: k3sgrid.v1.Manifest.$Properties[];

            /** AssignmentBody lb. */
            lb?: (k3sgrid.v1.LbConfig.$Properties|null);

            /** AssignmentBody sealedSecrets. */
            sealedSecrets: Uint8Array;

            /** AssignmentBody clusterName. */
            clusterName: string;

            /** AssignmentBody datastoreEndpoint. */
            datastoreEndpoint: string;

            /** AssignmentBody k3sRelease. */
            k3sRelease?: (k3sgrid.v1.K3sRelease.$Properties|null);

            /** AssignmentBody advertiseAddress. */
            advertiseAddress: string;

            /** AssignmentBody nodePrep. */
            nodePrep?: (k3sgrid.v1.NodePrep.$Properties|null);

            /** AssignmentBody disableNetworkPolicy. */
            disableNetworkPolicy: boolean;

            /**
             * Creates a new AssignmentBody instance using the specified properties.
             * @param [properties] Properties to set
             * @returns AssignmentBody instance
             */
            static create(properties: k3sgrid.v1.AssignmentBody.$Shape): k3sgrid.v1.AssignmentBody & k3sgrid.v1.AssignmentBody.$Shape;
            static create(properties?: k3sgrid.v1.AssignmentBody.$Properties): k3sgrid.v1.AssignmentBody;

            /**
             * Encodes the specified AssignmentBody message. Does not implicitly {@link k3sgrid.v1.AssignmentBody.verify|verify} messages.
             * @param m AssignmentBody message or plain object to encode
             * @param [w] Writer to encode to
             * @returns Writer
             */
            static encode(m: k3sgrid.v1.AssignmentBody.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Encodes the specified AssignmentBody message, length delimited. Does not implicitly {@link k3sgrid.v1.AssignmentBody.verify|verify} messages.
             * @param message AssignmentBody message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encodeDelimited(message: k3sgrid.v1.AssignmentBody.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an AssignmentBody message from the specified reader or buffer.
             * @param r Reader or buffer to decode from
             * @param [l] Message length if known beforehand
             * @returns {k3sgrid.v1.AssignmentBody & k3sgrid.v1.AssignmentBody.$Shape} AssignmentBody
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(r: ($protobuf.Reader|Uint8Array), l?: number): k3sgrid.v1.AssignmentBody & k3sgrid.v1.AssignmentBody.$Shape;

            /**
             * Decodes an AssignmentBody message from the specified reader or buffer, length delimited.
             * @param reader Reader or buffer to decode from
             * @returns {k3sgrid.v1.AssignmentBody & k3sgrid.v1.AssignmentBody.$Shape} AssignmentBody
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): k3sgrid.v1.AssignmentBody & k3sgrid.v1.AssignmentBody.$Shape;

            /**
             * Verifies an AssignmentBody message.
             * @param m Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(m: { [k: string]: any }): (string|null);

            /**
             * Creates an AssignmentBody message from a plain object. Also converts values to their respective internal types.
             * @param d Plain object
             * @returns AssignmentBody
             */
            static fromObject(d: { [k: string]: any }): k3sgrid.v1.AssignmentBody;

            /**
             * Creates a plain object from an AssignmentBody message. Also converts values to other types if specified.
             * @param m AssignmentBody
             * @param [o] Conversion options
             * @returns Plain object
             */
            static toObject(m: k3sgrid.v1.AssignmentBody, o?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this AssignmentBody to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };

            /**
             * Gets the type url for AssignmentBody
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace AssignmentBody {

            /** Properties of an AssignmentBody. */
            interface $Properties {

                /** AssignmentBody nodeId */
                nodeId?: (string|null);

                /** AssignmentBody clusterId */
                clusterId?: (string|null);

                /** AssignmentBody epoch */
                epoch?: (number|null);

                /** AssignmentBody generation */
                generation?: (number|null);

                /** AssignmentBody role */
                role?: (string|null);

                /** AssignmentBody nodeName */
                nodeName?: (string|null);

                /** AssignmentBody serverUrl */
                serverUrl?: (string|null);

                /** AssignmentBody k3sVersion */
                k3sVersion?: (string|null);

                /** AssignmentBody tlsSans */
                tlsSans?: (string[]|null);

                /** AssignmentBody nodeLabels */
                nodeLabels?: (string[]|null);

                /** AssignmentBody nodeTaints */
                nodeTaints?: (string[]|null);

                /** AssignmentBody flannelBackend */
                flannelBackend?: (string|null);

                /** AssignmentBody disable */
                disable?: (string[]|null);

                /** AssignmentBody secretsEncryption */
                secretsEncryption?: (boolean|null);

                /** AssignmentBody nodeIp */
                nodeIp?: (string|null);

                /** AssignmentBody nodeExternalIp */
                nodeExternalIp?: (string|null);

                /** AssignmentBody flannelIface */
                flannelIface?: (string|null);

                /** AssignmentBody manifests */
                manifests?: (k3sgrid.v1.Manifest.$Properties[]|null);

                /** AssignmentBody lb */
                lb?: (k3sgrid.v1.LbConfig.$Properties|null);

                /** AssignmentBody sealedSecrets */
                sealedSecrets?: (Uint8Array|null);

                /** AssignmentBody clusterName */
                clusterName?: (string|null);

                /** AssignmentBody datastoreEndpoint */
                datastoreEndpoint?: (string|null);

                /** AssignmentBody k3sRelease */
                k3sRelease?: (k3sgrid.v1.K3sRelease.$Properties|null);

                /** AssignmentBody advertiseAddress */
                advertiseAddress?: (string|null);

                /** AssignmentBody nodePrep */
                nodePrep?: (k3sgrid.v1.NodePrep.$Properties|null);

                /** AssignmentBody disableNetworkPolicy */
                disableNetworkPolicy?: (boolean|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an AssignmentBody. */
            type $Shape = k3sgrid.v1.AssignmentBody.$Properties;
        }

        /**
         * Properties of a NodePrep.
         * @deprecated Use k3sgrid.v1.NodePrep.$Properties instead.
         */
        interface INodePrep extends k3sgrid.v1.NodePrep.$Properties {
        }

        /** Represents a NodePrep. */
        class NodePrep {

            /**
             * Constructs a new NodePrep.
             * @param [p] Properties to set
             */
            constructor(p?: k3sgrid.v1.NodePrep.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** NodePrep modules. */
            modules: string[];

            /** NodePrep services. */
            services: string[];

            /** NodePrep reason. */
            reason: string;

            /**
             * Creates a new NodePrep instance using the specified properties.
             * @param [properties] Properties to set
             * @returns NodePrep instance
             */
            static create(properties: k3sgrid.v1.NodePrep.$Shape): k3sgrid.v1.NodePrep & k3sgrid.v1.NodePrep.$Shape;
            static create(properties?: k3sgrid.v1.NodePrep.$Properties): k3sgrid.v1.NodePrep;

            /**
             * Encodes the specified NodePrep message. Does not implicitly {@link k3sgrid.v1.NodePrep.verify|verify} messages.
             * @param m NodePrep message or plain object to encode
             * @param [w] Writer to encode to
             * @returns Writer
             */
            static encode(m: k3sgrid.v1.NodePrep.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Encodes the specified NodePrep message, length delimited. Does not implicitly {@link k3sgrid.v1.NodePrep.verify|verify} messages.
             * @param message NodePrep message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encodeDelimited(message: k3sgrid.v1.NodePrep.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a NodePrep message from the specified reader or buffer.
             * @param r Reader or buffer to decode from
             * @param [l] Message length if known beforehand
             * @returns {k3sgrid.v1.NodePrep & k3sgrid.v1.NodePrep.$Shape} NodePrep
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(r: ($protobuf.Reader|Uint8Array), l?: number): k3sgrid.v1.NodePrep & k3sgrid.v1.NodePrep.$Shape;

            /**
             * Decodes a NodePrep message from the specified reader or buffer, length delimited.
             * @param reader Reader or buffer to decode from
             * @returns {k3sgrid.v1.NodePrep & k3sgrid.v1.NodePrep.$Shape} NodePrep
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): k3sgrid.v1.NodePrep & k3sgrid.v1.NodePrep.$Shape;

            /**
             * Verifies a NodePrep message.
             * @param m Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(m: { [k: string]: any }): (string|null);

            /**
             * Creates a NodePrep message from a plain object. Also converts values to their respective internal types.
             * @param d Plain object
             * @returns NodePrep
             */
            static fromObject(d: { [k: string]: any }): k3sgrid.v1.NodePrep;

            /**
             * Creates a plain object from a NodePrep message. Also converts values to other types if specified.
             * @param m NodePrep
             * @param [o] Conversion options
             * @returns Plain object
             */
            static toObject(m: k3sgrid.v1.NodePrep, o?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this NodePrep to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };

            /**
             * Gets the type url for NodePrep
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace NodePrep {

            /** Properties of a NodePrep. */
            interface $Properties {

                /** NodePrep modules */
                modules?: (string[]|null);

                /** NodePrep services */
                services?: (string[]|null);

                /** NodePrep reason */
                reason?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a NodePrep. */
            type $Shape = k3sgrid.v1.NodePrep.$Properties;
        }

        /**
         * Properties of a K3sRelease.
         * @deprecated Use k3sgrid.v1.K3sRelease.$Properties instead.
         */
        interface IK3sRelease extends k3sgrid.v1.K3sRelease.$Properties {
        }

        /** Represents a K3sRelease. */
        class K3sRelease {

            /**
             * Constructs a new K3sRelease.
             * @param [p] Properties to set
             */
            constructor(p?: k3sgrid.v1.K3sRelease.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** K3sRelease version. */
            version: string;

            /** K3sRelease arch. */
            arch: string;

            /** K3sRelease sha256. */
            sha256: string;

            /** K3sRelease size. */
            size: number;

            /** K3sRelease imagesName. */
            imagesName: string;

            /** K3sRelease imagesSha256. */
            imagesSha256: string;

            /** K3sRelease imagesSize. */
            imagesSize: number;

            /**
             * Creates a new K3sRelease instance using the specified properties.
             * @param [properties] Properties to set
             * @returns K3sRelease instance
             */
            static create(properties: k3sgrid.v1.K3sRelease.$Shape): k3sgrid.v1.K3sRelease & k3sgrid.v1.K3sRelease.$Shape;
            static create(properties?: k3sgrid.v1.K3sRelease.$Properties): k3sgrid.v1.K3sRelease;

            /**
             * Encodes the specified K3sRelease message. Does not implicitly {@link k3sgrid.v1.K3sRelease.verify|verify} messages.
             * @param m K3sRelease message or plain object to encode
             * @param [w] Writer to encode to
             * @returns Writer
             */
            static encode(m: k3sgrid.v1.K3sRelease.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Encodes the specified K3sRelease message, length delimited. Does not implicitly {@link k3sgrid.v1.K3sRelease.verify|verify} messages.
             * @param message K3sRelease message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encodeDelimited(message: k3sgrid.v1.K3sRelease.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a K3sRelease message from the specified reader or buffer.
             * @param r Reader or buffer to decode from
             * @param [l] Message length if known beforehand
             * @returns {k3sgrid.v1.K3sRelease & k3sgrid.v1.K3sRelease.$Shape} K3sRelease
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(r: ($protobuf.Reader|Uint8Array), l?: number): k3sgrid.v1.K3sRelease & k3sgrid.v1.K3sRelease.$Shape;

            /**
             * Decodes a K3sRelease message from the specified reader or buffer, length delimited.
             * @param reader Reader or buffer to decode from
             * @returns {k3sgrid.v1.K3sRelease & k3sgrid.v1.K3sRelease.$Shape} K3sRelease
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): k3sgrid.v1.K3sRelease & k3sgrid.v1.K3sRelease.$Shape;

            /**
             * Verifies a K3sRelease message.
             * @param m Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(m: { [k: string]: any }): (string|null);

            /**
             * Creates a K3sRelease message from a plain object. Also converts values to their respective internal types.
             * @param d Plain object
             * @returns K3sRelease
             */
            static fromObject(d: { [k: string]: any }): k3sgrid.v1.K3sRelease;

            /**
             * Creates a plain object from a K3sRelease message. Also converts values to other types if specified.
             * @param m K3sRelease
             * @param [o] Conversion options
             * @returns Plain object
             */
            static toObject(m: k3sgrid.v1.K3sRelease, o?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this K3sRelease to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };

            /**
             * Gets the type url for K3sRelease
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace K3sRelease {

            /** Properties of a K3sRelease. */
            interface $Properties {

                /** K3sRelease version */
                version?: (string|null);

                /** K3sRelease arch */
                arch?: (string|null);

                /** K3sRelease sha256 */
                sha256?: (string|null);

                /** K3sRelease size */
                size?: (number|null);

                /** K3sRelease imagesName */
                imagesName?: (string|null);

                /** K3sRelease imagesSha256 */
                imagesSha256?: (string|null);

                /** K3sRelease imagesSize */
                imagesSize?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a K3sRelease. */
            type $Shape = k3sgrid.v1.K3sRelease.$Properties;
        }

        /**
         * Properties of a Manifest.
         * @deprecated Use k3sgrid.v1.Manifest.$Properties instead.
         */
        interface IManifest extends k3sgrid.v1.Manifest.$Properties {
        }

        /** Represents a Manifest. */
        class Manifest {

            /**
             * Constructs a new Manifest.
             * @param [p] Properties to set
             */
            constructor(p?: k3sgrid.v1.Manifest.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Manifest name. */
            name: string;

            /** Manifest content. */
            content: string;

            /**
             * Creates a new Manifest instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Manifest instance
             */
            static create(properties: k3sgrid.v1.Manifest.$Shape): k3sgrid.v1.Manifest & k3sgrid.v1.Manifest.$Shape;
            static create(properties?: k3sgrid.v1.Manifest.$Properties): k3sgrid.v1.Manifest;

            /**
             * Encodes the specified Manifest message. Does not implicitly {@link k3sgrid.v1.Manifest.verify|verify} messages.
             * @param m Manifest message or plain object to encode
             * @param [w] Writer to encode to
             * @returns Writer
             */
            static encode(m: k3sgrid.v1.Manifest.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Encodes the specified Manifest message, length delimited. Does not implicitly {@link k3sgrid.v1.Manifest.verify|verify} messages.
             * @param message Manifest message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encodeDelimited(message: k3sgrid.v1.Manifest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a Manifest message from the specified reader or buffer.
             * @param r Reader or buffer to decode from
             * @param [l] Message length if known beforehand
             * @returns {k3sgrid.v1.Manifest & k3sgrid.v1.Manifest.$Shape} Manifest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(r: ($protobuf.Reader|Uint8Array), l?: number): k3sgrid.v1.Manifest & k3sgrid.v1.Manifest.$Shape;

            /**
             * Decodes a Manifest message from the specified reader or buffer, length delimited.
             * @param reader Reader or buffer to decode from
             * @returns {k3sgrid.v1.Manifest & k3sgrid.v1.Manifest.$Shape} Manifest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): k3sgrid.v1.Manifest & k3sgrid.v1.Manifest.$Shape;

            /**
             * Verifies a Manifest message.
             * @param m Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(m: { [k: string]: any }): (string|null);

            /**
             * Creates a Manifest message from a plain object. Also converts values to their respective internal types.
             * @param d Plain object
             * @returns Manifest
             */
            static fromObject(d: { [k: string]: any }): k3sgrid.v1.Manifest;

            /**
             * Creates a plain object from a Manifest message. Also converts values to other types if specified.
             * @param m Manifest
             * @param [o] Conversion options
             * @returns Plain object
             */
            static toObject(m: k3sgrid.v1.Manifest, o?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this Manifest to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };

            /**
             * Gets the type url for Manifest
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace Manifest {

            /** Properties of a Manifest. */
            interface $Properties {

                /** Manifest name */
                name?: (string|null);

                /** Manifest content */
                content?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a Manifest. */
            type $Shape = k3sgrid.v1.Manifest.$Properties;
        }

        /**
         * Properties of a LbConfig.
         * @deprecated Use k3sgrid.v1.LbConfig.$Properties instead.
         */
        interface ILbConfig extends k3sgrid.v1.LbConfig.$Properties {
        }

        /** Represents a LbConfig. */
        class LbConfig {

            /**
             * Constructs a new LbConfig.
             * @param [p] Properties to set
             */
            constructor(p?: k3sgrid.v1.LbConfig.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** LbConfig bind. */
            bind: string;

            /** LbConfig backends. */
            backends: string[];

            /**
             * Creates a new LbConfig instance using the specified properties.
             * @param [properties] Properties to set
             * @returns LbConfig instance
             */
            static create(properties: k3sgrid.v1.LbConfig.$Shape): k3sgrid.v1.LbConfig & k3sgrid.v1.LbConfig.$Shape;
            static create(properties?: k3sgrid.v1.LbConfig.$Properties): k3sgrid.v1.LbConfig;

            /**
             * Encodes the specified LbConfig message. Does not implicitly {@link k3sgrid.v1.LbConfig.verify|verify} messages.
             * @param m LbConfig message or plain object to encode
             * @param [w] Writer to encode to
             * @returns Writer
             */
            static encode(m: k3sgrid.v1.LbConfig.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Encodes the specified LbConfig message, length delimited. Does not implicitly {@link k3sgrid.v1.LbConfig.verify|verify} messages.
             * @param message LbConfig message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encodeDelimited(message: k3sgrid.v1.LbConfig.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a LbConfig message from the specified reader or buffer.
             * @param r Reader or buffer to decode from
             * @param [l] Message length if known beforehand
             * @returns {k3sgrid.v1.LbConfig & k3sgrid.v1.LbConfig.$Shape} LbConfig
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(r: ($protobuf.Reader|Uint8Array), l?: number): k3sgrid.v1.LbConfig & k3sgrid.v1.LbConfig.$Shape;

            /**
             * Decodes a LbConfig message from the specified reader or buffer, length delimited.
             * @param reader Reader or buffer to decode from
             * @returns {k3sgrid.v1.LbConfig & k3sgrid.v1.LbConfig.$Shape} LbConfig
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): k3sgrid.v1.LbConfig & k3sgrid.v1.LbConfig.$Shape;

            /**
             * Verifies a LbConfig message.
             * @param m Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(m: { [k: string]: any }): (string|null);

            /**
             * Creates a LbConfig message from a plain object. Also converts values to their respective internal types.
             * @param d Plain object
             * @returns LbConfig
             */
            static fromObject(d: { [k: string]: any }): k3sgrid.v1.LbConfig;

            /**
             * Creates a plain object from a LbConfig message. Also converts values to other types if specified.
             * @param m LbConfig
             * @param [o] Conversion options
             * @returns Plain object
             */
            static toObject(m: k3sgrid.v1.LbConfig, o?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this LbConfig to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };

            /**
             * Gets the type url for LbConfig
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace LbConfig {

            /** Properties of a LbConfig. */
            interface $Properties {

                /** LbConfig bind */
                bind?: (string|null);

                /** LbConfig backends */
                backends?: (string[]|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a LbConfig. */
            type $Shape = k3sgrid.v1.LbConfig.$Properties;
        }

        /**
         * Properties of an AssignmentSecrets.
         * @deprecated Use k3sgrid.v1.AssignmentSecrets.$Properties instead.
         */
        interface IAssignmentSecrets extends k3sgrid.v1.AssignmentSecrets.$Properties {
        }

        /** Represents an AssignmentSecrets. */
        class AssignmentSecrets {

            /**
             * Constructs a new AssignmentSecrets.
             * @param [p] Properties to set
             */
            constructor(p?: k3sgrid.v1.AssignmentSecrets.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** AssignmentSecrets token. */
            token: string;

            /** AssignmentSecrets nodePassword. */
            nodePassword: string;

            /** AssignmentSecrets datastoreCredentials. */
            datastoreCredentials: string;

            /** AssignmentSecrets agentToken. */
            agentToken: string;

            /**
             * Creates a new AssignmentSecrets instance using the specified properties.
             * @param [properties] Properties to set
             * @returns AssignmentSecrets instance
             */
            static create(properties: k3sgrid.v1.AssignmentSecrets.$Shape): k3sgrid.v1.AssignmentSecrets & k3sgrid.v1.AssignmentSecrets.$Shape;
            static create(properties?: k3sgrid.v1.AssignmentSecrets.$Properties): k3sgrid.v1.AssignmentSecrets;

            /**
             * Encodes the specified AssignmentSecrets message. Does not implicitly {@link k3sgrid.v1.AssignmentSecrets.verify|verify} messages.
             * @param m AssignmentSecrets message or plain object to encode
             * @param [w] Writer to encode to
             * @returns Writer
             */
            static encode(m: k3sgrid.v1.AssignmentSecrets.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Encodes the specified AssignmentSecrets message, length delimited. Does not implicitly {@link k3sgrid.v1.AssignmentSecrets.verify|verify} messages.
             * @param message AssignmentSecrets message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encodeDelimited(message: k3sgrid.v1.AssignmentSecrets.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an AssignmentSecrets message from the specified reader or buffer.
             * @param r Reader or buffer to decode from
             * @param [l] Message length if known beforehand
             * @returns {k3sgrid.v1.AssignmentSecrets & k3sgrid.v1.AssignmentSecrets.$Shape} AssignmentSecrets
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(r: ($protobuf.Reader|Uint8Array), l?: number): k3sgrid.v1.AssignmentSecrets & k3sgrid.v1.AssignmentSecrets.$Shape;

            /**
             * Decodes an AssignmentSecrets message from the specified reader or buffer, length delimited.
             * @param reader Reader or buffer to decode from
             * @returns {k3sgrid.v1.AssignmentSecrets & k3sgrid.v1.AssignmentSecrets.$Shape} AssignmentSecrets
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): k3sgrid.v1.AssignmentSecrets & k3sgrid.v1.AssignmentSecrets.$Shape;

            /**
             * Verifies an AssignmentSecrets message.
             * @param m Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(m: { [k: string]: any }): (string|null);

            /**
             * Creates an AssignmentSecrets message from a plain object. Also converts values to their respective internal types.
             * @param d Plain object
             * @returns AssignmentSecrets
             */
            static fromObject(d: { [k: string]: any }): k3sgrid.v1.AssignmentSecrets;

            /**
             * Creates a plain object from an AssignmentSecrets message. Also converts values to other types if specified.
             * @param m AssignmentSecrets
             * @param [o] Conversion options
             * @returns Plain object
             */
            static toObject(m: k3sgrid.v1.AssignmentSecrets, o?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this AssignmentSecrets to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };

            /**
             * Gets the type url for AssignmentSecrets
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace AssignmentSecrets {

            /** Properties of an AssignmentSecrets. */
            interface $Properties {

                /** AssignmentSecrets token */
                token?: (string|null);

                /** AssignmentSecrets nodePassword */
                nodePassword?: (string|null);

                /** AssignmentSecrets datastoreCredentials */
                datastoreCredentials?: (string|null);

                /** AssignmentSecrets agentToken */
                agentToken?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an AssignmentSecrets. */
            type $Shape = k3sgrid.v1.AssignmentSecrets.$Properties;
        }

        /**
         * Properties of an Ack.
         * @deprecated Use k3sgrid.v1.Ack.$Properties instead.
         */
        interface IAck extends k3sgrid.v1.Ack.$Properties {
        }

        /** Represents an Ack. */
        class Ack {

            /**
             * Constructs a new Ack.
             * @param [p] Properties to set
             */
            constructor(p?: k3sgrid.v1.Ack.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Ack epoch. */
            epoch: number;

            /** Ack generation. */
            generation: number;

            /** Ack accepted. */
            accepted: boolean;

            /** Ack reason. */
            reason: string;

            /**
             * Creates a new Ack instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Ack instance
             */
            static create(properties: k3sgrid.v1.Ack.$Shape): k3sgrid.v1.Ack & k3sgrid.v1.Ack.$Shape;
            static create(properties?: k3sgrid.v1.Ack.$Properties): k3sgrid.v1.Ack;

            /**
             * Encodes the specified Ack message. Does not implicitly {@link k3sgrid.v1.Ack.verify|verify} messages.
             * @param m Ack message or plain object to encode
             * @param [w] Writer to encode to
             * @returns Writer
             */
            static encode(m: k3sgrid.v1.Ack.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Encodes the specified Ack message, length delimited. Does not implicitly {@link k3sgrid.v1.Ack.verify|verify} messages.
             * @param message Ack message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encodeDelimited(message: k3sgrid.v1.Ack.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an Ack message from the specified reader or buffer.
             * @param r Reader or buffer to decode from
             * @param [l] Message length if known beforehand
             * @returns {k3sgrid.v1.Ack & k3sgrid.v1.Ack.$Shape} Ack
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(r: ($protobuf.Reader|Uint8Array), l?: number): k3sgrid.v1.Ack & k3sgrid.v1.Ack.$Shape;

            /**
             * Decodes an Ack message from the specified reader or buffer, length delimited.
             * @param reader Reader or buffer to decode from
             * @returns {k3sgrid.v1.Ack & k3sgrid.v1.Ack.$Shape} Ack
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): k3sgrid.v1.Ack & k3sgrid.v1.Ack.$Shape;

            /**
             * Verifies an Ack message.
             * @param m Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(m: { [k: string]: any }): (string|null);

            /**
             * Creates an Ack message from a plain object. Also converts values to their respective internal types.
             * @param d Plain object
             * @returns Ack
             */
            static fromObject(d: { [k: string]: any }): k3sgrid.v1.Ack;

            /**
             * Creates a plain object from an Ack message. Also converts values to other types if specified.
             * @param m Ack
             * @param [o] Conversion options
             * @returns Plain object
             */
            static toObject(m: k3sgrid.v1.Ack, o?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this Ack to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };

            /**
             * Gets the type url for Ack
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace Ack {

            /** Properties of an Ack. */
            interface $Properties {

                /** Ack epoch */
                epoch?: (number|null);

                /** Ack generation */
                generation?: (number|null);

                /** Ack accepted */
                accepted?: (boolean|null);

                /** Ack reason */
                reason?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an Ack. */
            type $Shape = k3sgrid.v1.Ack.$Properties;
        }

        /**
         * Properties of a StatusUpdate.
         * @deprecated Use k3sgrid.v1.StatusUpdate.$Properties instead.
         */
        interface IStatusUpdate extends k3sgrid.v1.StatusUpdate.$Properties {
        }

        /** Represents a StatusUpdate. */
        class StatusUpdate {

            /**
             * Constructs a new StatusUpdate.
             * @param [p] Properties to set
             */
            constructor(p?: k3sgrid.v1.StatusUpdate.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** StatusUpdate phase. */
            phase: string;

            /** StatusUpdate message. */
            message: string;

            /** StatusUpdate logTail. */
            logTail: string[];

            /** StatusUpdate caHash. */
            caHash: string;

            /** StatusUpdate epoch. */
            epoch: number;

            /** StatusUpdate generation. */
            generation: number;

            /**
             * Creates a new StatusUpdate instance using the specified properties.
             * @param [properties] Properties to set
             * @returns StatusUpdate instance
             */
            static create(properties: k3sgrid.v1.StatusUpdate.$Shape): k3sgrid.v1.StatusUpdate & k3sgrid.v1.StatusUpdate.$Shape;
            static create(properties?: k3sgrid.v1.StatusUpdate.$Properties): k3sgrid.v1.StatusUpdate;

            /**
             * Encodes the specified StatusUpdate message. Does not implicitly {@link k3sgrid.v1.StatusUpdate.verify|verify} messages.
             * @param m StatusUpdate message or plain object to encode
             * @param [w] Writer to encode to
             * @returns Writer
             */
            static encode(m: k3sgrid.v1.StatusUpdate.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Encodes the specified StatusUpdate message, length delimited. Does not implicitly {@link k3sgrid.v1.StatusUpdate.verify|verify} messages.
             * @param message StatusUpdate message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encodeDelimited(message: k3sgrid.v1.StatusUpdate.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a StatusUpdate message from the specified reader or buffer.
             * @param r Reader or buffer to decode from
             * @param [l] Message length if known beforehand
             * @returns {k3sgrid.v1.StatusUpdate & k3sgrid.v1.StatusUpdate.$Shape} StatusUpdate
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(r: ($protobuf.Reader|Uint8Array), l?: number): k3sgrid.v1.StatusUpdate & k3sgrid.v1.StatusUpdate.$Shape;

            /**
             * Decodes a StatusUpdate message from the specified reader or buffer, length delimited.
             * @param reader Reader or buffer to decode from
             * @returns {k3sgrid.v1.StatusUpdate & k3sgrid.v1.StatusUpdate.$Shape} StatusUpdate
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): k3sgrid.v1.StatusUpdate & k3sgrid.v1.StatusUpdate.$Shape;

            /**
             * Verifies a StatusUpdate message.
             * @param m Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(m: { [k: string]: any }): (string|null);

            /**
             * Creates a StatusUpdate message from a plain object. Also converts values to their respective internal types.
             * @param d Plain object
             * @returns StatusUpdate
             */
            static fromObject(d: { [k: string]: any }): k3sgrid.v1.StatusUpdate;

            /**
             * Creates a plain object from a StatusUpdate message. Also converts values to other types if specified.
             * @param m StatusUpdate
             * @param [o] Conversion options
             * @returns Plain object
             */
            static toObject(m: k3sgrid.v1.StatusUpdate, o?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this StatusUpdate to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };

            /**
             * Gets the type url for StatusUpdate
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace StatusUpdate {

            /** Properties of a StatusUpdate. */
            interface $Properties {

                /** StatusUpdate phase */
                phase?: (string|null);

                /** StatusUpdate message */
                message?: (string|null);

                /** StatusUpdate logTail */
                logTail?: (string[]|null);

                /** StatusUpdate caHash */
                caHash?: (string|null);

                /** StatusUpdate epoch */
                epoch?: (number|null);

                /** StatusUpdate generation */
                generation?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a StatusUpdate. */
            type $Shape = k3sgrid.v1.StatusUpdate.$Properties;
        }

        /**
         * Properties of a KubeconfigRequest.
         * @deprecated Use k3sgrid.v1.KubeconfigRequest.$Properties instead.
         */
        interface IKubeconfigRequest extends k3sgrid.v1.KubeconfigRequest.$Properties {
        }

        /** Represents a KubeconfigRequest. */
        class KubeconfigRequest {

            /**
             * Constructs a new KubeconfigRequest.
             * @param [p] Properties to set
             */
            constructor(p?: k3sgrid.v1.KubeconfigRequest.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** KubeconfigRequest requestId. */
            requestId: string;

            /**
             * Creates a new KubeconfigRequest instance using the specified properties.
             * @param [properties] Properties to set
             * @returns KubeconfigRequest instance
             */
            static create(properties: k3sgrid.v1.KubeconfigRequest.$Shape): k3sgrid.v1.KubeconfigRequest & k3sgrid.v1.KubeconfigRequest.$Shape;
            static create(properties?: k3sgrid.v1.KubeconfigRequest.$Properties): k3sgrid.v1.KubeconfigRequest;

            /**
             * Encodes the specified KubeconfigRequest message. Does not implicitly {@link k3sgrid.v1.KubeconfigRequest.verify|verify} messages.
             * @param m KubeconfigRequest message or plain object to encode
             * @param [w] Writer to encode to
             * @returns Writer
             */
            static encode(m: k3sgrid.v1.KubeconfigRequest.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Encodes the specified KubeconfigRequest message, length delimited. Does not implicitly {@link k3sgrid.v1.KubeconfigRequest.verify|verify} messages.
             * @param message KubeconfigRequest message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encodeDelimited(message: k3sgrid.v1.KubeconfigRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a KubeconfigRequest message from the specified reader or buffer.
             * @param r Reader or buffer to decode from
             * @param [l] Message length if known beforehand
             * @returns {k3sgrid.v1.KubeconfigRequest & k3sgrid.v1.KubeconfigRequest.$Shape} KubeconfigRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(r: ($protobuf.Reader|Uint8Array), l?: number): k3sgrid.v1.KubeconfigRequest & k3sgrid.v1.KubeconfigRequest.$Shape;

            /**
             * Decodes a KubeconfigRequest message from the specified reader or buffer, length delimited.
             * @param reader Reader or buffer to decode from
             * @returns {k3sgrid.v1.KubeconfigRequest & k3sgrid.v1.KubeconfigRequest.$Shape} KubeconfigRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): k3sgrid.v1.KubeconfigRequest & k3sgrid.v1.KubeconfigRequest.$Shape;

            /**
             * Verifies a KubeconfigRequest message.
             * @param m Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(m: { [k: string]: any }): (string|null);

            /**
             * Creates a KubeconfigRequest message from a plain object. Also converts values to their respective internal types.
             * @param d Plain object
             * @returns KubeconfigRequest
             */
            static fromObject(d: { [k: string]: any }): k3sgrid.v1.KubeconfigRequest;

            /**
             * Creates a plain object from a KubeconfigRequest message. Also converts values to other types if specified.
             * @param m KubeconfigRequest
             * @param [o] Conversion options
             * @returns Plain object
             */
            static toObject(m: k3sgrid.v1.KubeconfigRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this KubeconfigRequest to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };

            /**
             * Gets the type url for KubeconfigRequest
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace KubeconfigRequest {

            /** Properties of a KubeconfigRequest. */
            interface $Properties {

                /** KubeconfigRequest requestId */
                requestId?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a KubeconfigRequest. */
            type $Shape = k3sgrid.v1.KubeconfigRequest.$Properties;
        }

        /**
         * Properties of a KubeconfigUpload.
         * @deprecated Use k3sgrid.v1.KubeconfigUpload.$Properties instead.
         */
        interface IKubeconfigUpload extends k3sgrid.v1.KubeconfigUpload.$Properties {
        }

        /** Represents a KubeconfigUpload. */
        class KubeconfigUpload {

            /**
             * Constructs a new KubeconfigUpload.
             * @param [p] Properties to set
             */
            constructor(p?: k3sgrid.v1.KubeconfigUpload.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** KubeconfigUpload requestId. */
            requestId: string;

            /** KubeconfigUpload sealed. */
            sealed: Uint8Array;

            /** KubeconfigUpload error. */
            error: string;

            /**
             * Creates a new KubeconfigUpload instance using the specified properties.
             * @param [properties] Properties to set
             * @returns KubeconfigUpload instance
             */
            static create(properties: k3sgrid.v1.KubeconfigUpload.$Shape): k3sgrid.v1.KubeconfigUpload & k3sgrid.v1.KubeconfigUpload.$Shape;
            static create(properties?: k3sgrid.v1.KubeconfigUpload.$Properties): k3sgrid.v1.KubeconfigUpload;

            /**
             * Encodes the specified KubeconfigUpload message. Does not implicitly {@link k3sgrid.v1.KubeconfigUpload.verify|verify} messages.
             * @param m KubeconfigUpload message or plain object to encode
             * @param [w] Writer to encode to
             * @returns Writer
             */
            static encode(m: k3sgrid.v1.KubeconfigUpload.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Encodes the specified KubeconfigUpload message, length delimited. Does not implicitly {@link k3sgrid.v1.KubeconfigUpload.verify|verify} messages.
             * @param message KubeconfigUpload message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encodeDelimited(message: k3sgrid.v1.KubeconfigUpload.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a KubeconfigUpload message from the specified reader or buffer.
             * @param r Reader or buffer to decode from
             * @param [l] Message length if known beforehand
             * @returns {k3sgrid.v1.KubeconfigUpload & k3sgrid.v1.KubeconfigUpload.$Shape} KubeconfigUpload
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(r: ($protobuf.Reader|Uint8Array), l?: number): k3sgrid.v1.KubeconfigUpload & k3sgrid.v1.KubeconfigUpload.$Shape;

            /**
             * Decodes a KubeconfigUpload message from the specified reader or buffer, length delimited.
             * @param reader Reader or buffer to decode from
             * @returns {k3sgrid.v1.KubeconfigUpload & k3sgrid.v1.KubeconfigUpload.$Shape} KubeconfigUpload
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): k3sgrid.v1.KubeconfigUpload & k3sgrid.v1.KubeconfigUpload.$Shape;

            /**
             * Verifies a KubeconfigUpload message.
             * @param m Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(m: { [k: string]: any }): (string|null);

            /**
             * Creates a KubeconfigUpload message from a plain object. Also converts values to their respective internal types.
             * @param d Plain object
             * @returns KubeconfigUpload
             */
            static fromObject(d: { [k: string]: any }): k3sgrid.v1.KubeconfigUpload;

            /**
             * Creates a plain object from a KubeconfigUpload message. Also converts values to other types if specified.
             * @param m KubeconfigUpload
             * @param [o] Conversion options
             * @returns Plain object
             */
            static toObject(m: k3sgrid.v1.KubeconfigUpload, o?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this KubeconfigUpload to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };

            /**
             * Gets the type url for KubeconfigUpload
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace KubeconfigUpload {

            /** Properties of a KubeconfigUpload. */
            interface $Properties {

                /** KubeconfigUpload requestId */
                requestId?: (string|null);

                /** KubeconfigUpload sealed */
                sealed?: (Uint8Array|null);

                /** KubeconfigUpload error */
                error?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a KubeconfigUpload. */
            type $Shape = k3sgrid.v1.KubeconfigUpload.$Properties;
        }

        /**
         * Properties of an Error.
         * @deprecated Use k3sgrid.v1.Error.$Properties instead.
         */
        interface IError extends k3sgrid.v1.Error.$Properties {
        }

        /** Represents an Error. */
        class Error {

            /**
             * Constructs a new Error.
             * @param [p] Properties to set
             */
            constructor(p?: k3sgrid.v1.Error.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Error code. */
            code: string;

            /** Error message. */
            message: string;

            /** Error permanent. */
            permanent: boolean;

            /**
             * Creates a new Error instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Error instance
             */
            static create(properties: k3sgrid.v1.Error.$Shape): k3sgrid.v1.Error & k3sgrid.v1.Error.$Shape;
            static create(properties?: k3sgrid.v1.Error.$Properties): k3sgrid.v1.Error;

            /**
             * Encodes the specified Error message. Does not implicitly {@link k3sgrid.v1.Error.verify|verify} messages.
             * @param m Error message or plain object to encode
             * @param [w] Writer to encode to
             * @returns Writer
             */
            static encode(m: k3sgrid.v1.Error.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Encodes the specified Error message, length delimited. Does not implicitly {@link k3sgrid.v1.Error.verify|verify} messages.
             * @param message Error message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encodeDelimited(message: k3sgrid.v1.Error.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an Error message from the specified reader or buffer.
             * @param r Reader or buffer to decode from
             * @param [l] Message length if known beforehand
             * @returns {k3sgrid.v1.Error & k3sgrid.v1.Error.$Shape} Error
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(r: ($protobuf.Reader|Uint8Array), l?: number): k3sgrid.v1.Error & k3sgrid.v1.Error.$Shape;

            /**
             * Decodes an Error message from the specified reader or buffer, length delimited.
             * @param reader Reader or buffer to decode from
             * @returns {k3sgrid.v1.Error & k3sgrid.v1.Error.$Shape} Error
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): k3sgrid.v1.Error & k3sgrid.v1.Error.$Shape;

            /**
             * Verifies an Error message.
             * @param m Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(m: { [k: string]: any }): (string|null);

            /**
             * Creates an Error message from a plain object. Also converts values to their respective internal types.
             * @param d Plain object
             * @returns Error
             */
            static fromObject(d: { [k: string]: any }): k3sgrid.v1.Error;

            /**
             * Creates a plain object from an Error message. Also converts values to other types if specified.
             * @param m Error
             * @param [o] Conversion options
             * @returns Plain object
             */
            static toObject(m: k3sgrid.v1.Error, o?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this Error to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };

            /**
             * Gets the type url for Error
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace Error {

            /** Properties of an Error. */
            interface $Properties {

                /** Error code */
                code?: (string|null);

                /** Error message */
                message?: (string|null);

                /** Error permanent */
                permanent?: (boolean|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an Error. */
            type $Shape = k3sgrid.v1.Error.$Properties;
        }
    }
}
