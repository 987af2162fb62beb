/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-mixed-operators, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars, default-case, jsdoc/require-param*/
import $protobuf from "protobufjs/minimal.js";

// Common aliases
const $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;
const $Object = $util.global.Object, $undefined = $util.global.undefined, $Error = $util.global.Error, $RangeError = $util.global.RangeError, $TypeError = $util.global.TypeError, $Number = $util.global.Number, $parseInt = $util.global.parseInt, $String = $util.global.String, $BigInt = $util.global.BigInt, $Array = $util.global.Array, $Boolean = $util.global.Boolean;

// Exported root namespace
const $root = $protobuf.roots["default"] || ($protobuf.roots["default"] = {});

export const k3sgrid = $root.k3sgrid = (() => {

    /**
     * Namespace k3sgrid.
     * @exports k3sgrid
     * @namespace
     */
    const k3sgrid = {};

    k3sgrid.v1 = (function() {

        /**
         * Namespace v1.
         * @memberof k3sgrid
         * @namespace
         */
        const v1 = {};

        v1.Envelope = (function() {

            /**
             * Properties of an Envelope.
             * @typedef {Object} k3sgrid.v1.Envelope.$Properties
             * @property {number|null} [version] Envelope version
             * @property {number|null} [seq] Envelope seq
             * @property {k3sgrid.v1.ServerHello.$Properties|null} [serverHello] Envelope serverHello
             * @property {k3sgrid.v1.EnrollRequest.$Properties|null} [enrollRequest] Envelope enrollRequest
             * @property {k3sgrid.v1.AuthRequest.$Properties|null} [authRequest] Envelope authRequest
             * @property {k3sgrid.v1.Welcome.$Properties|null} [welcome] Envelope welcome
             * @property {k3sgrid.v1.Heartbeat.$Properties|null} [heartbeat] Envelope heartbeat
             * @property {k3sgrid.v1.CapabilityReport.$Properties|null} [capabilityReport] Envelope capabilityReport
             * @property {k3sgrid.v1.Assignment.$Properties|null} [assignment] Envelope assignment
             * @property {k3sgrid.v1.Ack.$Properties|null} [ack] Envelope ack
             * @property {k3sgrid.v1.Error.$Properties|null} [error] Envelope error
             * @property {k3sgrid.v1.StatusUpdate.$Properties|null} [statusUpdate] Envelope statusUpdate
             * @property {k3sgrid.v1.KubeconfigRequest.$Properties|null} [kubeconfigRequest] Envelope kubeconfigRequest
             * @property {k3sgrid.v1.KubeconfigUpload.$Properties|null} [kubeconfigUpload] Envelope kubeconfigUpload
             * @property {"serverHello"|"enrollRequest"|"authRequest"|"welcome"|"heartbeat"|"capabilityReport"|"assignment"|"ack"|"error"|"statusUpdate"|"kubeconfigRequest"|"kubeconfigUpload"} [body] Envelope body
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an Envelope.
             * @memberof k3sgrid.v1
             * @interface IEnvelope
             * @augments k3sgrid.v1.Envelope.$Properties
             * @deprecated Use k3sgrid.v1.Envelope.$Properties instead.
             */

            /**
             * Narrowed shape of an Envelope.
             * @typedef {{
             *   version?: number|null;
             *   seq?: number|null;
             *   serverHello?: k3sgrid.v1.ServerHello.$Shape|null;
             *   enrollRequest?: k3sgrid.v1.EnrollRequest.$Shape|null;
             *   authRequest?: k3sgrid.v1.AuthRequest.$Shape|null;
             *   welcome?: k3sgrid.v1.Welcome.$Shape|null;
             *   heartbeat?: k3sgrid.v1.Heartbeat.$Shape|null;
             *   capabilityReport?: k3sgrid.v1.CapabilityReport.$Shape|null;
             *   assignment?: k3sgrid.v1.Assignment.$Shape|null;
             *   ack?: k3sgrid.v1.Ack.$Shape|null;
             *   error?: k3sgrid.v1.Error.$Shape|null;
             *   statusUpdate?: k3sgrid.v1.StatusUpdate.$Shape|null;
             *   kubeconfigRequest?: k3sgrid.v1.KubeconfigRequest.$Shape|null;
             *   kubeconfigUpload?: k3sgrid.v1.KubeconfigUpload.$Shape|null;
             *   $unknowns?: Array.<Uint8Array>;
             * } & (
             *   ({ body?: undefined; serverHello?: null; enrollRequest?: null; authRequest?: null; welcome?: null; heartbeat?: null; capabilityReport?: null; assignment?: null; ack?: null; error?: null; statusUpdate?: null; kubeconfigRequest?: null; kubeconfigUpload?: null }|{ body?: "serverHello"; serverHello: k3sgrid.v1.ServerHello.$Shape; enrollRequest?: null; authRequest?: null; welcome?: null; heartbeat?: null; capabilityReport?: null; assignment?: null; ack?: null; error?: null; statusUpdate?: null; kubeconfigRequest?: null; kubeconfigUpload?: null }|{ body?: "enrollRequest"; serverHello?: null; enrollRequest: k3sgrid.v1.EnrollRequest.$Shape; authRequest?: null; welcome?: null; heartbeat?: null; capabilityReport?: null; assignment?: null; ack?: null; error?: null; statusUpdate?: null; kubeconfigRequest?: null; kubeconfigUpload?: null }|{ body?: "authRequest"; serverHello?: null; enrollRequest?: null; authRequest: k3sgrid.v1.AuthRequest.$Shape; welcome?: null; heartbeat?: null; capabilityReport?: null; assignment?: null; ack?: null; error?: null; statusUpdate?: null; kubeconfigRequest?: null; kubeconfigUpload?: null }|{ body?: "welcome"; serverHello?: null; enrollRequest?: null; authRequest?: null; welcome: k3sgrid.v1.Welcome.$Shape; heartbeat?: null; capabilityReport?: null; assignment?: null; ack?: null; error?: null; statusUpdate?: null; kubeconfigRequest?: null; kubeconfigUpload?: null }|{ body?: "heartbeat"; serverHello?: null; enrollRequest?: null; authRequest?: null; welcome?: null; heartbeat: k3sgrid.v1.Heartbeat.$Shape; capabilityReport?: null; assignment?: null; ack?: null; error?: null; statusUpdate?: null; kubeconfigRequest?: null; kubeconfigUpload?: null }|{ body?: "capabilityReport"; serverHello?: null; enrollRequest?: null; authRequest?: null; welcome?: null; heartbeat?: null; capabilityReport: k3sgrid.v1.CapabilityReport.$Shape; assignment?: null; ack?: null; error?: null; statusUpdate?: null; kubeconfigRequest?: null; kubeconfigUpload?: null }|{ body?: "assignment"; serverHello?: null; enrollRequest?: null; authRequest?: null; welcome?: null; heartbeat?: null; capabilityReport?: null; assignment: k3sgrid.v1.Assignment.$Shape; ack?: null; error?: null; statusUpdate?: null; kubeconfigRequest?: null; kubeconfigUpload?: null }|{ body?: "ack"; serverHello?: null; enrollRequest?: null; authRequest?: null; welcome?: null; heartbeat?: null; capabilityReport?: null; assignment?: null; ack: k3sgrid.v1.Ack.$Shape; error?: null; statusUpdate?: null; kubeconfigRequest?: null; kubeconfigUpload?: null }|{ body?: "error"; serverHello?: null; enrollRequest?: null; authRequest?: null; welcome?: null; heartbeat?: null; capabilityReport?: null; assignment?: null; ack?: null; error: k3sgrid.v1.Error.$Shape; statusUpdate?: null; kubeconfigRequest?: null; kubeconfigUpload?: null }|{ body?: "statusUpdate"; serverHello?: null; enrollRequest?: null; authRequest?: null; welcome?: null; heartbeat?: null; capabilityReport?: null; assignment?: null; ack?: null; error?: null; statusUpdate: k3sgrid.v1.StatusUpdate.$Shape; kubeconfigRequest?: null; kubeconfigUpload?: null }|{ body?: "kubeconfigRequest"; serverHello?: null; enrollRequest?: null; authRequest?: null; welcome?: null; heartbeat?: null; capabilityReport?: null; assignment?: null; ack?: null; error?: null; statusUpdate?: null; kubeconfigRequest: k3sgrid.v1.KubeconfigRequest.$Shape; kubeconfigUpload?: null }|{ body?: "kubeconfigUpload"; serverHello?: null; enrollRequest?: null; authRequest?: null; welcome?: null; heartbeat?: null; capabilityReport?: null; assignment?: null; ack?: null; error?: null; statusUpdate?: null; kubeconfigRequest?: null; kubeconfigUpload: k3sgrid.v1.KubeconfigUpload.$Shape })
             * )} k3sgrid.v1.Envelope.$Shape
             */

            /**
             * Constructs a new Envelope.
             * @memberof k3sgrid.v1
             * @classdesc Represents an Envelope.
             * @constructor
             * @param {k3sgrid.v1.Envelope.$Properties=} [p] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Envelope = function (p) {
                if (p)
                    for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            };

            /**
             * Envelope version.
             * @member {number} version
             * @memberof k3sgrid.v1.Envelope
             * @instance
             */
            Envelope.prototype.version = 0;

            /**
             * Envelope seq.
             * @member {number} seq
             * @memberof k3sgrid.v1.Envelope
             * @instance
             */
            Envelope.prototype.seq = 0;

            /**
             * Envelope serverHello.
             * @member {k3sgrid.v1.ServerHello.$Properties|null|undefined} serverHello
             * @memberof k3sgrid.v1.Envelope
             * @instance
             */
            Envelope.prototype.serverHello = null;

            /**
             * Envelope enrollRequest.
             * @member {k3sgrid.v1.EnrollRequest.$Properties|null|undefined} enrollRequest
             * @memberof k3sgrid.v1.Envelope
             * @instance
             */
            Envelope.prototype.enrollRequest = null;

            /**
             * Envelope authRequest.
             * @member {k3sgrid.v1.AuthRequest.$Properties|null|undefined} authRequest
             * @memberof k3sgrid.v1.Envelope
             * @instance
             */
            Envelope.prototype.authRequest = null;

            /**
             * Envelope welcome.
             * @member {k3sgrid.v1.Welcome.$Properties|null|undefined} welcome
             * @memberof k3sgrid.v1.Envelope
             * @instance
             */
            Envelope.prototype.welcome = null;

            /**
             * Envelope heartbeat.
             * @member {k3sgrid.v1.Heartbeat.$Properties|null|undefined} heartbeat
             * @memberof k3sgrid.v1.Envelope
             * @instance
             */
            Envelope.prototype.heartbeat = null;

            /**
             * Envelope capabilityReport.
             * @member {k3sgrid.v1.CapabilityReport.$Properties|null|undefined} capabilityReport
             * @memberof k3sgrid.v1.Envelope
             * @instance
             */
            Envelope.prototype.capabilityReport = null;

            /**
             * Envelope assignment.
             * @member {k3sgrid.v1.Assignment.$Properties|null|undefined} assignment
             * @memberof k3sgrid.v1.Envelope
             * @instance
             */
            Envelope.prototype.assignment = null;

            /**
             * Envelope ack.
             * @member {k3sgrid.v1.Ack.$Properties|null|undefined} ack
             * @memberof k3sgrid.v1.Envelope
             * @instance
             */
            Envelope.prototype.ack = null;

            /**
             * Envelope error.
             * @member {k3sgrid.v1.Error.$Properties|null|undefined} error
             * @memberof k3sgrid.v1.Envelope
             * @instance
             */
            Envelope.prototype.error = null;

            /**
             * Envelope statusUpdate.
             * @member {k3sgrid.v1.StatusUpdate.$Properties|null|undefined} statusUpdate
             * @memberof k3sgrid.v1.Envelope
             * @instance
             */
            Envelope.prototype.statusUpdate = null;

            /**
             * Envelope kubeconfigRequest.
             * @member {k3sgrid.v1.KubeconfigRequest.$Properties|null|undefined} kubeconfigRequest
             * @memberof k3sgrid.v1.Envelope
             * @instance
             */
            Envelope.prototype.kubeconfigRequest = null;

            /**
             * Envelope kubeconfigUpload.
             * @member {k3sgrid.v1.KubeconfigUpload.$Properties|null|undefined} kubeconfigUpload
             * @memberof k3sgrid.v1.Envelope
             * @instance
             */
            Envelope.prototype.kubeconfigUpload = null;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            /**
             * Envelope body.
             * @member {"serverHello"|"enrollRequest"|"authRequest"|"welcome"|"heartbeat"|"capabilityReport"|"assignment"|"ack"|"error"|"statusUpdate"|"kubeconfigRequest"|"kubeconfigUpload"|undefined} body
             * @memberof k3sgrid.v1.Envelope
             * @instance
             */
            $Object.defineProperty(Envelope.prototype, "body", {
                get: $util.oneOfGetter($oneOfFields = ["serverHello", "enrollRequest", "authRequest", "welcome", "heartbeat", "capabilityReport", "assignment", "ack", "error", "statusUpdate", "kubeconfigRequest", "kubeconfigUpload"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Creates a new Envelope instance using the specified properties.
             * @function create
             * @memberof k3sgrid.v1.Envelope
             * @static
             * @param {k3sgrid.v1.Envelope.$Properties=} [properties] Properties to set
             * @returns {k3sgrid.v1.Envelope} Envelope instance
             * @type {{
             *   (properties: k3sgrid.v1.Envelope.$Shape): k3sgrid.v1.Envelope & k3sgrid.v1.Envelope.$Shape;
             *   (properties?: k3sgrid.v1.Envelope.$Properties): k3sgrid.v1.Envelope;
             * }}
             */
            Envelope.create = function(properties) {
                return new Envelope(properties);
            };

            /**
             * Encodes the specified Envelope message. Does not implicitly {@link k3sgrid.v1.Envelope.verify|verify} messages.
             * @function encode
             * @memberof k3sgrid.v1.Envelope
             * @static
             * @param {k3sgrid.v1.Envelope.$Properties} m Envelope message or plain object to encode
             * @param {$protobuf.Writer} [w] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Envelope.encode = function (m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (m.version != null && $Object.hasOwnProperty.call(m, "version") && m.version !== 0)
                    w.uint32(/* id 1, wireType 0 =*/8).uint32(m.version);
                if (m.seq != null && $Object.hasOwnProperty.call(m, "seq") && (typeof m.seq === "object" ? m.seq.low || m.seq.high : m.seq !== 0))
                    w.uint32(/* id 2, wireType 0 =*/16).uint64(m.seq);
                if (m.serverHello != null && $Object.hasOwnProperty.call(m, "serverHello"))
                    $root.k3sgrid.v1.ServerHello.encode(m.serverHello, w.uint32(/* id 10, wireType 2 =*/82).fork(), q + 1).ldelim();
                if (m.enrollRequest != null && $Object.hasOwnProperty.call(m, "enrollRequest"))
                    $root.k3sgrid.v1.EnrollRequest.encode(m.enrollRequest, w.uint32(/* id 11, wireType 2 =*/90).fork(), q + 1).ldelim();
                if (m.authRequest != null && $Object.hasOwnProperty.call(m, "authRequest"))
                    $root.k3sgrid.v1.AuthRequest.encode(m.authRequest, w.uint32(/* id 12, wireType 2 =*/98).fork(), q + 1).ldelim();
                if (m.welcome != null && $Object.hasOwnProperty.call(m, "welcome"))
                    $root.k3sgrid.v1.Welcome.encode(m.welcome, w.uint32(/* id 13, wireType 2 =*/106).fork(), q + 1).ldelim();
                if (m.heartbeat != null && $Object.hasOwnProperty.call(m, "heartbeat"))
                    $root.k3sgrid.v1.Heartbeat.encode(m.heartbeat, w.uint32(/* id 14, wireType 2 =*/114).fork(), q + 1).ldelim();
                if (m.capabilityReport != null && $Object.hasOwnProperty.call(m, "capabilityReport"))
                    $root.k3sgrid.v1.CapabilityReport.encode(m.capabilityReport, w.uint32(/* id 15, wireType 2 =*/122).fork(), q + 1).ldelim();
                if (m.assignment != null && $Object.hasOwnProperty.call(m, "assignment"))
                    $root.k3sgrid.v1.Assignment.encode(m.assignment, w.uint32(/* id 16, wireType 2 =*/130).fork(), q + 1).ldelim();
                if (m.ack != null && $Object.hasOwnProperty.call(m, "ack"))
                    $root.k3sgrid.v1.Ack.encode(m.ack, w.uint32(/* id 17, wireType 2 =*/138).fork(), q + 1).ldelim();
                if (m.error != null && $Object.hasOwnProperty.call(m, "error"))
                    $root.k3sgrid.v1.Error.encode(m.error, w.uint32(/* id 18, wireType 2 =*/146).fork(), q + 1).ldelim();
                if (m.statusUpdate != null && $Object.hasOwnProperty.call(m, "statusUpdate"))
                    $root.k3sgrid.v1.StatusUpdate.encode(m.statusUpdate, w.uint32(/* id 19, wireType 2 =*/154).fork(), q + 1).ldelim();
                if (m.kubeconfigRequest != null && $Object.hasOwnProperty.call(m, "kubeconfigRequest"))
                    $root.k3sgrid.v1.KubeconfigRequest.encode(m.kubeconfigRequest, w.uint32(/* id 20, wireType 2 =*/162).fork(), q + 1).ldelim();
                if (m.kubeconfigUpload != null && $Object.hasOwnProperty.call(m, "kubeconfigUpload"))
                    $root.k3sgrid.v1.KubeconfigUpload.encode(m.kubeconfigUpload, w.uint32(/* id 21, wireType 2 =*/170).fork(), q + 1).ldelim();
                if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                    for (var i = 0; i < m.$unknowns.length; ++i)
                        w.raw(m.$unknowns[i]);
                return w;
            };

            /**
             * Encodes the specified Envelope message, length delimited. Does not implicitly {@link k3sgrid.v1.Envelope.verify|verify} messages.
             * @function encodeDelimited
             * @memberof k3sgrid.v1.Envelope
             * @static
             * @param {k3sgrid.v1.Envelope.$Properties} message Envelope message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Envelope.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes an Envelope message from the specified reader or buffer.
             * @function decode
             * @memberof k3sgrid.v1.Envelope
             * @static
             * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
             * @param {number} [l] Message length if known beforehand
             * @returns {k3sgrid.v1.Envelope & k3sgrid.v1.Envelope.$Shape} Envelope
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Envelope.decode = function (r, l, z, q, g) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (q === $undefined)
                    q = 0;
                if (q > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var c, m, v;
                if (l === $undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw $RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = g || new $root.k3sgrid.v1.Envelope();
                while (r.pos < c) {
                    var s = r.pos;
                    var t = r.tag();
                    if (t === z) {
                        z = $undefined;
                        break;
                    }
                    var u = t & 7;
                    switch (t >>>= 3) {
                    case 1: {
                            if (u !== 0)
                                break;
                            if (v = r.uint32())
                                m.version = v;
                            else
                                delete m.version;
                            continue;
                        }
                    case 2: {
                            if (u !== 0)
                                break;
                            if (typeof (v = r.uint64()) === "object" ? v.low || v.high : v !== 0)
                                m.seq = v;
                            else
                                delete m.seq;
                            continue;
                        }
                    case 10: {
                            if (u !== 2)
                                break;
                            m.serverHello = $root.k3sgrid.v1.ServerHello.decode(r, r.size(), $undefined, q + 1, m.serverHello);
                            m.body = "serverHello";
                            continue;
                        }
                    case 11: {
                            if (u !== 2)
                                break;
                            m.enrollRequest = $root.k3sgrid.v1.EnrollRequest.decode(r, r.size(), $undefined, q + 1, m.enrollRequest);
                            m.body = "enrollRequest";
                            continue;
                        }
                    case 12: {
                            if (u !== 2)
                                break;
                            m.authRequest = $root.k3sgrid.v1.AuthRequest.decode(r, r.size(), $undefined, q + 1, m.authRequest);
                            m.body = "authRequest";
                            continue;
                        }
                    case 13: {
                            if (u !== 2)
                                break;
                            m.welcome = $root.k3sgrid.v1.Welcome.decode(r, r.size(), $undefined, q + 1, m.welcome);
                            m.body = "welcome";
                            continue;
                        }
                    case 14: {
                            if (u !== 2)
                                break;
                            m.heartbeat = $root.k3sgrid.v1.Heartbeat.decode(r, r.size(), $undefined, q + 1, m.heartbeat);
                            m.body = "heartbeat";
                            continue;
                        }
                    case 15: {
                            if (u !== 2)
                                break;
                            m.capabilityReport = $root.k3sgrid.v1.CapabilityReport.decode(r, r.size(), $undefined, q + 1, m.capabilityReport);
                            m.body = "capabilityReport";
                            continue;
                        }
                    case 16: {
                            if (u !== 2)
                                break;
                            m.assignment = $root.k3sgrid.v1.Assignment.decode(r, r.size(), $undefined, q + 1, m.assignment);
                            m.body = "assignment";
                            continue;
                        }
                    case 17: {
                            if (u !== 2)
                                break;
                            m.ack = $root.k3sgrid.v1.Ack.decode(r, r.size(), $undefined, q + 1, m.ack);
                            m.body = "ack";
                            continue;
                        }
                    case 18: {
                            if (u !== 2)
                                break;
                            m.error = $root.k3sgrid.v1.Error.decode(r, r.size(), $undefined, q + 1, m.error);
                            m.body = "error";
                            continue;
                        }
                    case 19: {
                            if (u !== 2)
                                break;
                            m.statusUpdate = $root.k3sgrid.v1.StatusUpdate.decode(r, r.size(), $undefined, q + 1, m.statusUpdate);
                            m.body = "statusUpdate";
                            continue;
                        }
                    case 20: {
                            if (u !== 2)
                                break;
                            m.kubeconfigRequest = $root.k3sgrid.v1.KubeconfigRequest.decode(r, r.size(), $undefined, q + 1, m.kubeconfigRequest);
                            m.body = "kubeconfigRequest";
                            continue;
                        }
                    case 21: {
                            if (u !== 2)
                                break;
                            m.kubeconfigUpload = $root.k3sgrid.v1.KubeconfigUpload.decode(r, r.size(), $undefined, q + 1, m.kubeconfigUpload);
                            m.body = "kubeconfigUpload";
                            continue;
                        }
                    }
                    r.skipType(u, q, t);
                    if (!r.discardUnknown) {
                        $util.makeProp(m, "$unknowns", false);
                        (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                    }
                }
                if (l !== $undefined) {
                    if (r.pos !== c)
                        throw $RangeError("index out of range");
                    r.len = l;
                }
                if (z !== $undefined)
                    throw $Error("missing end group");
                return m;
            };

            /**
             * Decodes an Envelope message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof k3sgrid.v1.Envelope
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {k3sgrid.v1.Envelope & k3sgrid.v1.Envelope.$Shape} Envelope
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Envelope.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies an Envelope message.
             * @function verify
             * @memberof k3sgrid.v1.Envelope
             * @static
             * @param {Object.<string,*>} m Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            Envelope.verify = function (m, q) {
                if (typeof m !== "object" || m === null)
                    return "object expected";
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    return "max depth exceeded";
                var p = {};
                if (m.version != null && $Object.hasOwnProperty.call(m, "version")) {
                    if (!$util.isInteger(m.version))
                        return "version: integer expected";
                }
                if (m.seq != null && $Object.hasOwnProperty.call(m, "seq")) {
                    if (!$util.isInteger(m.seq) && !(m.seq && $util.isInteger(m.seq.low) && $util.isInteger(m.seq.high)))
                        return "seq: integer|Long expected";
                }
                if (m.serverHello != null && $Object.hasOwnProperty.call(m, "serverHello")) {
                    p.body = 1;
                    {
                        var e = $root.k3sgrid.v1.ServerHello.verify(m.serverHello, q + 1);
                        if (e)
                            return "serverHello." + e;
                    }
                }
                if (m.enrollRequest != null && $Object.hasOwnProperty.call(m, "enrollRequest")) {
                    if (p.body === 1)
                        return "body: multiple values";
                    p.body = 1;
                    {
                        var e = $root.k3sgrid.v1.EnrollRequest.verify(m.enrollRequest, q + 1);
                        if (e)
                            return "enrollRequest." + e;
                    }
                }
                if (m.authRequest != null && $Object.hasOwnProperty.call(m, "authRequest")) {
                    if (p.body === 1)
                        return "body: multiple values";
                    p.body = 1;
                    {
                        var e = $root.k3sgrid.v1.AuthRequest.verify(m.authRequest, q + 1);
                        if (e)
                            return "authRequest." + e;
                    }
                }
                if (m.welcome != null && $Object.hasOwnProperty.call(m, "welcome")) {
                    if (p.body === 1)
                        return "body: multiple values";
                    p.body = 1;
                    {
                        var e = $root.k3sgrid.v1.Welcome.verify(m.welcome, q + 1);
                        if (e)
                            return "welcome." + e;
                    }
                }
                if (m.heartbeat != null && $Object.hasOwnProperty.call(m, "heartbeat")) {
                    if (p.body === 1)
                        return "body: multiple values";
                    p.body = 1;
                    {
                        var e = $root.k3sgrid.v1.Heartbeat.verify(m.heartbeat, q + 1);
                        if (e)
                            return "heartbeat." + e;
                    }
                }
                if (m.capabilityReport != null && $Object.hasOwnProperty.call(m, "capabilityReport")) {
                    if (p.body === 1)
                        return "body: multiple values";
                    p.body = 1;
                    {
                        var e = $root.k3sgrid.v1.CapabilityReport.verify(m.capabilityReport, q + 1);
                        if (e)
                            return "capabilityReport." + e;
                    }
                }
                if (m.assignment != null && $Object.hasOwnProperty.call(m, "assignment")) {
                    if (p.body === 1)
                        return "body: multiple values";
                    p.body = 1;
                    {
                        var e = $root.k3sgrid.v1.Assignment.verify(m.assignment, q + 1);
                        if (e)
                            return "assignment." + e;
                    }
                }
                if (m.ack != null && $Object.hasOwnProperty.call(m, "ack")) {
                    if (p.body === 1)
                        return "body: multiple values";
                    p.body = 1;
                    {
                        var e = $root.k3sgrid.v1.Ack.verify(m.ack, q + 1);
                        if (e)
                            return "ack." + e;
                    }
                }
                if (m.error != null && $Object.hasOwnProperty.call(m, "error")) {
                    if (p.body === 1)
                        return "body: multiple values";
                    p.body = 1;
                    {
                        var e = $root.k3sgrid.v1.Error.verify(m.error, q + 1);
                        if (e)
                            return "error." + e;
                    }
                }
                if (m.statusUpdate != null && $Object.hasOwnProperty.call(m, "statusUpdate")) {
                    if (p.body === 1)
                        return "body: multiple values";
                    p.body = 1;
                    {
                        var e = $root.k3sgrid.v1.StatusUpdate.verify(m.statusUpdate, q + 1);
                        if (e)
                            return "statusUpdate." + e;
                    }
                }
                if (m.kubeconfigRequest != null && $Object.hasOwnProperty.call(m, "kubeconfigRequest")) {
                    if (p.body === 1)
                        return "body: multiple values";
                    p.body = 1;
                    {
                        var e = $root.k3sgrid.v1.KubeconfigRequest.verify(m.kubeconfigRequest, q + 1);
                        if (e)
                            return "kubeconfigRequest." + e;
                    }
                }
                if (m.kubeconfigUpload != null && $Object.hasOwnProperty.call(m, "kubeconfigUpload")) {
                    if (p.body === 1)
                        return "body: multiple values";
                    p.body = 1;
                    {
                        var e = $root.k3sgrid.v1.KubeconfigUpload.verify(m.kubeconfigUpload, q + 1);
                        if (e)
                            return "kubeconfigUpload." + e;
                    }
                }
                return null;
            };

            /**
             * Creates an Envelope message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof k3sgrid.v1.Envelope
             * @static
             * @param {Object.<string,*>} d Plain object
             * @returns {k3sgrid.v1.Envelope} Envelope
             */
            Envelope.fromObject = function (d, q) {
                if (d instanceof $root.k3sgrid.v1.Envelope)
                    return d;
                if (!$util.isObject(d))
                    throw $TypeError(".k3sgrid.v1.Envelope: object expected");
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                var m = new $root.k3sgrid.v1.Envelope();
                if (d.version != null) {
                    if ($Number(d.version) !== 0) {
                        m.version = d.version >>> 0;
                    }
                }
                if (d.seq != null) {
                    if (typeof d.seq === "object" ? d.seq.low || d.seq.high : $Number(d.seq) !== 0) {
                        if ($util.Long)
                            m.seq = $util.Long.fromValue(d.seq, true);
                        else if (typeof d.seq === "string")
                            m.seq = $parseInt(d.seq, 10);
                        else if (typeof d.seq === "number")
                            m.seq = d.seq;
                        else if (typeof d.seq === "object")
                            m.seq = new $util.LongBits(d.seq.low >>> 0, d.seq.high >>> 0).toNumber(true);
                    }
                }
                if (d.serverHello != null) {
                    if (!$util.isObject(d.serverHello))
                        throw $TypeError(".k3sgrid.v1.Envelope.serverHello: object expected");
                    m.serverHello = $root.k3sgrid.v1.ServerHello.fromObject(d.serverHello, q + 1);
                }
                if (d.enrollRequest != null) {
                    if (!$util.isObject(d.enrollRequest))
                        throw $TypeError(".k3sgrid.v1.Envelope.enrollRequest: object expected");
                    m.enrollRequest = $root.k3sgrid.v1.EnrollRequest.fromObject(d.enrollRequest, q + 1);
                }
                if (d.authRequest != null) {
                    if (!$util.isObject(d.authRequest))
                        throw $TypeError(".k3sgrid.v1.Envelope.authRequest: object expected");
                    m.authRequest = $root.k3sgrid.v1.AuthRequest.fromObject(d.authRequest, q + 1);
                }
                if (d.welcome != null) {
                    if (!$util.isObject(d.welcome))
                        throw $TypeError(".k3sgrid.v1.Envelope.welcome: object expected");
                    m.welcome = $root.k3sgrid.v1.Welcome.fromObject(d.welcome, q + 1);
                }
                if (d.heartbeat != null) {
                    if (!$util.isObject(d.heartbeat))
                        throw $TypeError(".k3sgrid.v1.Envelope.heartbeat: object expected");
                    m.heartbeat = $root.k3sgrid.v1.Heartbeat.fromObject(d.heartbeat, q + 1);
                }
                if (d.capabilityReport != null) {
                    if (!$util.isObject(d.capabilityReport))
                        throw $TypeError(".k3sgrid.v1.Envelope.capabilityReport: object expected");
                    m.capabilityReport = $root.k3sgrid.v1.CapabilityReport.fromObject(d.capabilityReport, q + 1);
                }
                if (d.assignment != null) {
                    if (!$util.isObject(d.assignment))
                        throw $TypeError(".k3sgrid.v1.Envelope.assignment: object expected");
                    m.assignment = $root.k3sgrid.v1.Assignment.fromObject(d.assignment, q + 1);
                }
                if (d.ack != null) {
                    if (!$util.isObject(d.ack))
                        throw $TypeError(".k3sgrid.v1.Envelope.ack: object expected");
                    m.ack = $root.k3sgrid.v1.Ack.fromObject(d.ack, q + 1);
                }
                if (d.error != null) {
                    if (!$util.isObject(d.error))
                        throw $TypeError(".k3sgrid.v1.Envelope.error: object expected");
                    m.error = $root.k3sgrid.v1.Error.fromObject(d.error, q + 1);
                }
                if (d.statusUpdate != null) {
                    if (!$util.isObject(d.statusUpdate))
                        throw $TypeError(".k3sgrid.v1.Envelope.statusUpdate: object expected");
                    m.statusUpdate = $root.k3sgrid.v1.StatusUpdate.fromObject(d.statusUpdate, q + 1);
                }
                if (d.kubeconfigRequest != null) {
                    if (!$util.isObject(d.kubeconfigRequest))
                        throw $TypeError(".k3sgrid.v1.Envelope.kubeconfigRequest: object expected");
                    m.kubeconfigRequest = $root.k3sgrid.v1.KubeconfigRequest.fromObject(d.kubeconfigRequest, q + 1);
                }
                if (d.kubeconfigUpload != null) {
                    if (!$util.isObject(d.kubeconfigUpload))
                        throw $TypeError(".k3sgrid.v1.Envelope.kubeconfigUpload: object expected");
                    m.kubeconfigUpload = $root.k3sgrid.v1.KubeconfigUpload.fromObject(d.kubeconfigUpload, q + 1);
                }
                return m;
            };

            /**
             * Creates a plain object from an Envelope message. Also converts values to other types if specified.
             * @function toObject
             * @memberof k3sgrid.v1.Envelope
             * @static
             * @param {k3sgrid.v1.Envelope} m Envelope
             * @param {$protobuf.IConversionOptions} [o] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Envelope.toObject = function (m, o, q) {
                if (!o)
                    o = {};
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                var d = {};
                if (o.defaults) {
                    d.version = 0;
                    if ($util.Long) {
                        var n = new $util.Long(0, 0, true);
                        d.seq = o.longs === $String ? n.toString() : o.longs === $Number ? n.toNumber() : typeof $BigInt !== "undefined" && o.longs === $BigInt ? n.toBigInt() : n;
                    } else
                        d.seq = o.longs === $String ? "0" : typeof $BigInt !== "undefined" && o.longs === $BigInt ? $BigInt("0") : 0;
                }
                if (m.version != null && $Object.hasOwnProperty.call(m, "version")) {
                    d.version = m.version;
                }
                if (m.seq != null && $Object.hasOwnProperty.call(m, "seq")) {
                    if (typeof $BigInt !== "undefined" && o.longs === $BigInt)
                        d.seq = typeof m.seq === "number" ? $BigInt(m.seq) : $util.Long.fromBits(m.seq.low >>> 0, m.seq.high >>> 0, true).toBigInt();
                    else if (typeof m.seq === "number")
                        d.seq = o.longs === $String ? $String(m.seq) : m.seq;
                    else
                        d.seq = o.longs === $String ? $util.Long.prototype.toString.call(m.seq) : o.longs === $Number ? new $util.LongBits(m.seq.low >>> 0, m.seq.high >>> 0).toNumber(true) : m.seq;
                }
                if (m.serverHello != null && $Object.hasOwnProperty.call(m, "serverHello")) {
                    d.serverHello = $root.k3sgrid.v1.ServerHello.toObject(m.serverHello, o, q + 1);
                    if (o.oneofs)
                        d.body = "serverHello";
                }
                if (m.enrollRequest != null && $Object.hasOwnProperty.call(m, "enrollRequest")) {
                    d.enrollRequest = $root.k3sgrid.v1.EnrollRequest.toObject(m.enrollRequest, o, q + 1);
                    if (o.oneofs)
                        d.body = "enrollRequest";
                }
                if (m.authRequest != null && $Object.hasOwnProperty.call(m, "authRequest")) {
                    d.authRequest = $root.k3sgrid.v1.AuthRequest.toObject(m.authRequest, o, q + 1);
                    if (o.oneofs)
                        d.body = "authRequest";
                }
                if (m.welcome != null && $Object.hasOwnProperty.call(m, "welcome")) {
                    d.welcome = $root.k3sgrid.v1.Welcome.toObject(m.welcome, o, q + 1);
                    if (o.oneofs)
                        d.body = "welcome";
                }
                if (m.heartbeat != null && $Object.hasOwnProperty.call(m, "heartbeat")) {
                    d.heartbeat = $root.k3sgrid.v1.Heartbeat.toObject(m.heartbeat, o, q + 1);
                    if (o.oneofs)
                        d.body = "heartbeat";
                }
                if (m.capabilityReport != null && $Object.hasOwnProperty.call(m, "capabilityReport")) {
                    d.capabilityReport = $root.k3sgrid.v1.CapabilityReport.toObject(m.capabilityReport, o, q + 1);
                    if (o.oneofs)
                        d.body = "capabilityReport";
                }
                if (m.assignment != null && $Object.hasOwnProperty.call(m, "assignment")) {
                    d.assignment = $root.k3sgrid.v1.Assignment.toObject(m.assignment, o, q + 1);
                    if (o.oneofs)
                        d.body = "assignment";
                }
                if (m.ack != null && $Object.hasOwnProperty.call(m, "ack")) {
                    d.ack = $root.k3sgrid.v1.Ack.toObject(m.ack, o, q + 1);
                    if (o.oneofs)
                        d.body = "ack";
                }
                if (m.error != null && $Object.hasOwnProperty.call(m, "error")) {
                    d.error = $root.k3sgrid.v1.Error.toObject(m.error, o, q + 1);
                    if (o.oneofs)
                        d.body = "error";
                }
                if (m.statusUpdate != null && $Object.hasOwnProperty.call(m, "statusUpdate")) {
                    d.statusUpdate = $root.k3sgrid.v1.StatusUpdate.toObject(m.statusUpdate, o, q + 1);
                    if (o.oneofs)
                        d.body = "statusUpdate";
                }
                if (m.kubeconfigRequest != null && $Object.hasOwnProperty.call(m, "kubeconfigRequest")) {
                    d.kubeconfigRequest = $root.k3sgrid.v1.KubeconfigRequest.toObject(m.kubeconfigRequest, o, q + 1);
                    if (o.oneofs)
                        d.body = "kubeconfigRequest";
                }
                if (m.kubeconfigUpload != null && $Object.hasOwnProperty.call(m, "kubeconfigUpload")) {
                    d.kubeconfigUpload = $root.k3sgrid.v1.KubeconfigUpload.toObject(m.kubeconfigUpload, o, q + 1);
                    if (o.oneofs)
                        d.body = "kubeconfigUpload";
                }
                return d;
            };

            /**
             * Converts this Envelope to JSON.
             * @function toJSON
             * @memberof k3sgrid.v1.Envelope
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Envelope.prototype.toJSON = function() {
                return Envelope.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for Envelope
             * @function getTypeUrl
             * @memberof k3sgrid.v1.Envelope
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            Envelope.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/k3sgrid.v1.Envelope";
            };

            return Envelope;
        })();

        v1.ServerHello = (function() {

            /**
             * Properties of a ServerHello.
             * @typedef {Object} k3sgrid.v1.ServerHello.$Properties
             * @property {Uint8Array|null} [sessionId] ServerHello sessionId
             * @property {Uint8Array|null} [serverNonce] ServerHello serverNonce
             * @property {number|null} [serverTimeMs] ServerHello serverTimeMs
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a ServerHello.
             * @memberof k3sgrid.v1
             * @interface IServerHello
             * @augments k3sgrid.v1.ServerHello.$Properties
             * @deprecated Use k3sgrid.v1.ServerHello.$Properties instead.
             */

            /**
             * Shape of a ServerHello.
             * @typedef {k3sgrid.v1.ServerHello.$Properties} k3sgrid.v1.ServerHello.$Shape
             */

            /**
             * Constructs a new ServerHello.
             * @memberof k3sgrid.v1
             * @classdesc Represents a ServerHello.
             * @constructor
             * @param {k3sgrid.v1.ServerHello.$Properties=} [p] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const ServerHello = function (p) {
                if (p)
                    for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            };

            /**
             * ServerHello sessionId.
             * @member {Uint8Array} sessionId
             * @memberof k3sgrid.v1.ServerHello
             * @instance
             */
            ServerHello.prototype.sessionId = $util.newBuffer([]);

            /**
             * ServerHello serverNonce.
             * @member {Uint8Array} serverNonce
             * @memberof k3sgrid.v1.ServerHello
             * @instance
             */
            ServerHello.prototype.serverNonce = $util.newBuffer([]);

            /**
             * ServerHello serverTimeMs.
             * @member {number} serverTimeMs
             * @memberof k3sgrid.v1.ServerHello
             * @instance
             */
            ServerHello.prototype.serverTimeMs = 0;

            /**
             * Creates a new ServerHello instance using the specified properties.
             * @function create
             * @memberof k3sgrid.v1.ServerHello
             * @static
             * @param {k3sgrid.v1.ServerHello.$Properties=} [properties] Properties to set
             * @returns {k3sgrid.v1.ServerHello} ServerHello instance
             * @type {{
             *   (properties: k3sgrid.v1.ServerHello.$Shape): k3sgrid.v1.ServerHello & k3sgrid.v1.ServerHello.$Shape;
             *   (properties?: k3sgrid.v1.ServerHello.$Properties): k3sgrid.v1.ServerHello;
             * }}
             */
            ServerHello.create = function(properties) {
                return new ServerHello(properties);
            };

            /**
             * Encodes the specified ServerHello message. Does not implicitly {@link k3sgrid.v1.ServerHello.verify|verify} messages.
             * @function encode
             * @memberof k3sgrid.v1.ServerHello
             * @static
             * @param {k3sgrid.v1.ServerHello.$Properties} m ServerHello message or plain object to encode
             * @param {$protobuf.Writer} [w] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ServerHello.encode = function (m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (m.sessionId != null && $Object.hasOwnProperty.call(m, "sessionId") && m.sessionId.length)
                    w.uint32(/* id 1, wireType 2 =*/10).bytes(m.sessionId);
                if (m.serverNonce != null && $Object.hasOwnProperty.call(m, "serverNonce") && m.serverNonce.length)
                    w.uint32(/* id 2, wireType 2 =*/18).bytes(m.serverNonce);
                if (m.serverTimeMs != null && $Object.hasOwnProperty.call(m, "serverTimeMs") && (typeof m.serverTimeMs === "object" ? m.serverTimeMs.low || m.serverTimeMs.high : m.serverTimeMs !== 0))
                    w.uint32(/* id 3, wireType 0 =*/24).uint64(m.serverTimeMs);
                if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                    for (var i = 0; i < m.$unknowns.length; ++i)
                        w.raw(m.$unknowns[i]);
                return w;
            };

            /**
             * Encodes the specified ServerHello message, length delimited. Does not implicitly {@link k3sgrid.v1.ServerHello.verify|verify} messages.
             * @function encodeDelimited
             * @memberof k3sgrid.v1.ServerHello
             * @static
             * @param {k3sgrid.v1.ServerHello.$Properties} message ServerHello message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ServerHello.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a ServerHello message from the specified reader or buffer.
             * @function decode
             * @memberof k3sgrid.v1.ServerHello
             * @static
             * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
             * @param {number} [l] Message length if known beforehand
             * @returns {k3sgrid.v1.ServerHello & k3sgrid.v1.ServerHello.$Shape} ServerHello
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ServerHello.decode = function (r, l, z, q, g) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (q === $undefined)
                    q = 0;
                if (q > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var c, m, v;
                if (l === $undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw $RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = g || new $root.k3sgrid.v1.ServerHello();
                while (r.pos < c) {
                    var s = r.pos;
                    var t = r.tag();
                    if (t === z) {
                        z = $undefined;
                        break;
                    }
                    var u = t & 7;
                    switch (t >>>= 3) {
                    case 1: {
                            if (u !== 2)
                                break;
                            if ((v = r.bytes()).length)
                                m.sessionId = v;
                            else
                                delete m.sessionId;
                            continue;
                        }
                    case 2: {
                            if (u !== 2)
                                break;
                            if ((v = r.bytes()).length)
                                m.serverNonce = v;
                            else
                                delete m.serverNonce;
                            continue;
                        }
                    case 3: {
                            if (u !== 0)
                                break;
                            if (typeof (v = r.uint64()) === "object" ? v.low || v.high : v !== 0)
                                m.serverTimeMs = v;
                            else
                                delete m.serverTimeMs;
                            continue;
                        }
                    }
                    r.skipType(u, q, t);
                    if (!r.discardUnknown) {
                        $util.makeProp(m, "$unknowns", false);
                        (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                    }
                }
                if (l !== $undefined) {
                    if (r.pos !== c)
                        throw $RangeError("index out of range");
                    r.len = l;
                }
                if (z !== $undefined)
                    throw $Error("missing end group");
                return m;
            };

            /**
             * Decodes a ServerHello message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof k3sgrid.v1.ServerHello
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {k3sgrid.v1.ServerHello & k3sgrid.v1.ServerHello.$Shape} ServerHello
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ServerHello.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a ServerHello message.
             * @function verify
             * @memberof k3sgrid.v1.ServerHello
             * @static
             * @param {Object.<string,*>} m Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            ServerHello.verify = function (m, q) {
                if (typeof m !== "object" || m === null)
                    return "object expected";
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    return "max depth exceeded";
                if (m.sessionId != null && $Object.hasOwnProperty.call(m, "sessionId")) {
                    if (!(m.sessionId && typeof m.sessionId.length === "number" || $util.isString(m.sessionId)))
                        return "sessionId: buffer expected";
                }
                if (m.serverNonce != null && $Object.hasOwnProperty.call(m, "serverNonce")) {
                    if (!(m.serverNonce && typeof m.serverNonce.length === "number" || $util.isString(m.serverNonce)))
                        return "serverNonce: buffer expected";
                }
                if (m.serverTimeMs != null && $Object.hasOwnProperty.call(m, "serverTimeMs")) {
                    if (!$util.isInteger(m.serverTimeMs) && !(m.serverTimeMs && $util.isInteger(m.serverTimeMs.low) && $util.isInteger(m.serverTimeMs.high)))
                        return "serverTimeMs: integer|Long expected";
                }
                return null;
            };

            /**
             * Creates a ServerHello message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof k3sgrid.v1.ServerHello
             * @static
             * @param {Object.<string,*>} d Plain object
             * @returns {k3sgrid.v1.ServerHello} ServerHello
             */
            ServerHello.fromObject = function (d, q) {
                if (d instanceof $root.k3sgrid.v1.ServerHello)
                    return d;
                if (!$util.isObject(d))
                    throw $TypeError(".k3sgrid.v1.ServerHello: object expected");
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                var m = new $root.k3sgrid.v1.ServerHello();
                if (d.sessionId != null) {
                    if (d.sessionId.length) {
                        if (typeof d.sessionId === "string")
                            $util.base64.decode(d.sessionId, m.sessionId = $util.newBuffer($util.base64.length(d.sessionId)), 0);
                        else if (d.sessionId.length >= 0)
                            m.sessionId = d.sessionId;
                    }
                }
                if (d.serverNonce != null) {
                    if (d.serverNonce.length) {
                        if (typeof d.serverNonce === "string")
                            $util.base64.decode(d.serverNonce, m.serverNonce = $util.newBuffer($util.base64.length(d.serverNonce)), 0);
                        else if (d.serverNonce.length >= 0)
                            m.serverNonce = d.serverNonce;
                    }
                }
                if (d.serverTimeMs != null) {
                    if (typeof d.serverTimeMs === "object" ? d.serverTimeMs.low || d.serverTimeMs.high : $Number(d.serverTimeMs) !== 0) {
                        if ($util.Long)
                            m.serverTimeMs = $util.Long.fromValue(d.serverTimeMs, true);
                        else if (typeof d.serverTimeMs === "string")
                            m.serverTimeMs = $parseInt(d.serverTimeMs, 10);
                        else if (typeof d.serverTimeMs === "number")
                            m.serverTimeMs = d.serverTimeMs;
                        else if (typeof d.serverTimeMs === "object")
                            m.serverTimeMs = new $util.LongBits(d.serverTimeMs.low >>> 0, d.serverTimeMs.high >>> 0).toNumber(true);
                    }
                }
                return m;
            };

            /**
             * Creates a plain object from a ServerHello message. Also converts values to other types if specified.
             * @function toObject
             * @memberof k3sgrid.v1.ServerHello
             * @static
             * @param {k3sgrid.v1.ServerHello} m ServerHello
             * @param {$protobuf.IConversionOptions} [o] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            ServerHello.toObject = function (m, o, q) {
                if (!o)
                    o = {};
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                var d = {};
                if (o.defaults) {
                    if (o.bytes === $String)
                        d.sessionId = "";
                    else {
                        d.sessionId = [];
                        if (o.bytes !== $Array)
                            d.sessionId = $util.newBuffer(d.sessionId);
                    }
                    if (o.bytes === $String)
                        d.serverNonce = "";
                    else {
                        d.serverNonce = [];
                        if (o.bytes !== $Array)
                            d.serverNonce = $util.newBuffer(d.serverNonce);
                    }
                    if ($util.Long) {
                        var n = new $util.Long(0, 0, true);
                        d.serverTimeMs = o.longs === $String ? n.toString() : o.longs === $Number ? n.toNumber() : typeof $BigInt !== "undefined" && o.longs === $BigInt ? n.toBigInt() : n;
                    } else
                        d.serverTimeMs = o.longs === $String ? "0" : typeof $BigInt !== "undefined" && o.longs === $BigInt ? $BigInt("0") : 0;
                }
                if (m.sessionId != null && $Object.hasOwnProperty.call(m, "sessionId")) {
                    d.sessionId = o.bytes === $String ? $util.base64.encode(m.sessionId, 0, m.sessionId.length) : o.bytes === $Array ? $Array.prototype.slice.call(m.sessionId) : m.sessionId;
                }
                if (m.serverNonce != null && $Object.hasOwnProperty.call(m, "serverNonce")) {
                    d.serverNonce = o.bytes === $String ? $util.base64.encode(m.serverNonce, 0, m.serverNonce.length) : o.bytes === $Array ? $Array.prototype.slice.call(m.serverNonce) : m.serverNonce;
                }
                if (m.serverTimeMs != null && $Object.hasOwnProperty.call(m, "serverTimeMs")) {
                    if (typeof $BigInt !== "undefined" && o.longs === $BigInt)
                        d.serverTimeMs = typeof m.serverTimeMs === "number" ? $BigInt(m.serverTimeMs) : $util.Long.fromBits(m.serverTimeMs.low >>> 0, m.serverTimeMs.high >>> 0, true).toBigInt();
                    else if (typeof m.serverTimeMs === "number")
                        d.serverTimeMs = o.longs === $String ? $String(m.serverTimeMs) : m.serverTimeMs;
                    else
                        d.serverTimeMs = o.longs === $String ? $util.Long.prototype.toString.call(m.serverTimeMs) : o.longs === $Number ? new $util.LongBits(m.serverTimeMs.low >>> 0, m.serverTimeMs.high >>> 0).toNumber(true) : m.serverTimeMs;
                }
                return d;
            };

            /**
             * Converts this ServerHello to JSON.
             * @function toJSON
             * @memberof k3sgrid.v1.ServerHello
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            ServerHello.prototype.toJSON = function() {
                return ServerHello.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for ServerHello
             * @function getTypeUrl
             * @memberof k3sgrid.v1.ServerHello
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            ServerHello.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/k3sgrid.v1.ServerHello";
            };

            return ServerHello;
        })();

        v1.EnrollRequest = (function() {

            /**
             * Properties of an EnrollRequest.
             * @typedef {Object} k3sgrid.v1.EnrollRequest.$Properties
             * @property {Uint8Array|null} [clientNonce] EnrollRequest clientNonce
             * @property {string|null} [tokenId] EnrollRequest tokenId
             * @property {Uint8Array|null} [nodeSignPub] EnrollRequest nodeSignPub
             * @property {Uint8Array|null} [nodeBoxPub] EnrollRequest nodeBoxPub
             * @property {string|null} [hostname] EnrollRequest hostname
             * @property {k3sgrid.v1.CapabilityReport.$Properties|null} [report] EnrollRequest report
             * @property {Uint8Array|null} [mac] EnrollRequest mac
             * @property {Uint8Array|null} [signature] EnrollRequest signature
             * @property {string|null} [agentVersion] EnrollRequest agentVersion
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an EnrollRequest.
             * @memberof k3sgrid.v1
             * @interface IEnrollRequest
             * @augments k3sgrid.v1.EnrollRequest.$Properties
             * @deprecated Use k3sgrid.v1.EnrollRequest.$Properties instead.
             */

            /**
             * Shape of an EnrollRequest.
             * @typedef {k3sgrid.v1.EnrollRequest.$Properties} k3sgrid.v1.EnrollRequest.$Shape
             */

            /**
             * Constructs a new EnrollRequest.
             * @memberof k3sgrid.v1
             * @classdesc Represents an EnrollRequest.
             * @constructor
             * @param {k3sgrid.v1.EnrollRequest.$Properties=} [p] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const EnrollRequest = function (p) {
                if (p)
                    for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            };

            /**
             * EnrollRequest clientNonce.
             * @member {Uint8Array} clientNonce
             * @memberof k3sgrid.v1.EnrollRequest
             * @instance
             */
            EnrollRequest.prototype.clientNonce = $util.newBuffer([]);

            /**
             * EnrollRequest tokenId.
             * @member {string} tokenId
             * @memberof k3sgrid.v1.EnrollRequest
             * @instance
             */
            EnrollRequest.prototype.tokenId = "";

            /**
             * EnrollRequest nodeSignPub.
             * @member {Uint8Array} nodeSignPub
             * @memberof k3sgrid.v1.EnrollRequest
             * @instance
             */
            EnrollRequest.prototype.nodeSignPub = $util.newBuffer([]);

            /**
             * EnrollRequest nodeBoxPub.
             * @member {Uint8Array} nodeBoxPub
             * @memberof k3sgrid.v1.EnrollRequest
             * @instance
             */
            EnrollRequest.prototype.nodeBoxPub = $util.newBuffer([]);

            /**
             * EnrollRequest hostname.
             * @member {string} hostname
             * @memberof k3sgrid.v1.EnrollRequest
             * @instance
             */
            EnrollRequest.prototype.hostname = "";

            /**
             * EnrollRequest report.
             * @member {k3sgrid.v1.CapabilityReport.$Properties|null|undefined} report
             * @memberof k3sgrid.v1.EnrollRequest
             * @instance
             */
            EnrollRequest.prototype.report = null;

            /**
             * EnrollRequest mac.
             * @member {Uint8Array} mac
             * @memberof k3sgrid.v1.EnrollRequest
             * @instance
             */
            EnrollRequest.prototype.mac = $util.newBuffer([]);

            /**
             * EnrollRequest signature.
             * @member {Uint8Array} signature
             * @memberof k3sgrid.v1.EnrollRequest
             * @instance
             */
            EnrollRequest.prototype.signature = $util.newBuffer([]);

            /**
             * EnrollRequest agentVersion.
             * @member {string} agentVersion
             * @memberof k3sgrid.v1.EnrollRequest
             * @instance
             */
            EnrollRequest.prototype.agentVersion = "";

            /**
             * Creates a new EnrollRequest instance using the specified properties.
             * @function create
             * @memberof k3sgrid.v1.EnrollRequest
             * @static
             * @param {k3sgrid.v1.EnrollRequest.$Properties=} [properties] Properties to set
             * @returns {k3sgrid.v1.EnrollRequest} EnrollRequest instance
             * @type {{
             *   (properties: k3sgrid.v1.EnrollRequest.$Shape): k3sgrid.v1.EnrollRequest & k3sgrid.v1.EnrollRequest.$Shape;
             *   (properties?: k3sgrid.v1.EnrollRequest.$Properties): k3sgrid.v1.EnrollRequest;
             * }}
             */
            EnrollRequest.create = function(properties) {
                return new EnrollRequest(properties);
            };

            /**
             * Encodes the specified EnrollRequest message. Does not implicitly {@link k3sgrid.v1.EnrollRequest.verify|verify} messages.
             * @function encode
             * @memberof k3sgrid.v1.EnrollRequest
             * @static
             * @param {k3sgrid.v1.EnrollRequest.$Properties} m EnrollRequest message or plain object to encode
             * @param {$protobuf.Writer} [w] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            EnrollRequest.encode = function (m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (m.clientNonce != null && $Object.hasOwnProperty.call(m, "clientNonce") && m.clientNonce.length)
                    w.uint32(/* id 1, wireType 2 =*/10).bytes(m.clientNonce);
                if (m.tokenId != null && $Object.hasOwnProperty.call(m, "tokenId") && m.tokenId !== "")
                    w.uint32(/* id 2, wireType 2 =*/18).string(m.tokenId);
                if (m.nodeSignPub != null && $Object.hasOwnProperty.call(m, "nodeSignPub") && m.nodeSignPub.length)
                    w.uint32(/* id 3, wireType 2 =*/26).bytes(m.nodeSignPub);
                if (m.nodeBoxPub != null && $Object.hasOwnProperty.call(m, "nodeBoxPub") && m.nodeBoxPub.length)
                    w.uint32(/* id 4, wireType 2 =*/34).bytes(m.nodeBoxPub);
                if (m.hostname != null && $Object.hasOwnProperty.call(m, "hostname") && m.hostname !== "")
                    w.uint32(/* id 5, wireType 2 =*/42).string(m.hostname);
                if (m.report != null && $Object.hasOwnProperty.call(m, "report"))
                    $root.k3sgrid.v1.CapabilityReport.encode(m.report, w.uint32(/* id 6, wireType 2 =*/50).fork(), q + 1).ldelim();
                if (m.mac != null && $Object.hasOwnProperty.call(m, "mac") && m.mac.length)
                    w.uint32(/* id 7, wireType 2 =*/58).bytes(m.mac);
                if (m.signature != null && $Object.hasOwnProperty.call(m, "signature") && m.signature.length)
                    w.uint32(/* id 8, wireType 2 =*/66).bytes(m.signature);
                if (m.agentVersion != null && $Object.hasOwnProperty.call(m, "agentVersion") && m.agentVersion !== "")
                    w.uint32(/* id 9, wireType 2 =*/74).string(m.agentVersion);
                if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                    for (var i = 0; i < m.$unknowns.length; ++i)
                        w.raw(m.$unknowns[i]);
                return w;
            };

            /**
             * Encodes the specified EnrollRequest message, length delimited. Does not implicitly {@link k3sgrid.v1.EnrollRequest.verify|verify} messages.
             * @function encodeDelimited
             * @memberof k3sgrid.v1.EnrollRequest
             * @static
             * @param {k3sgrid.v1.EnrollRequest.$Properties} message EnrollRequest message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            EnrollRequest.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes an EnrollRequest message from the specified reader or buffer.
             * @function decode
             * @memberof k3sgrid.v1.EnrollRequest
             * @static
             * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
             * @param {number} [l] Message length if known beforehand
             * @returns {k3sgrid.v1.EnrollRequest & k3sgrid.v1.EnrollRequest.$Shape} EnrollRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            EnrollRequest.decode = function (r, l, z, q, g) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (q === $undefined)
                    q = 0;
                if (q > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var c, m, v;
                if (l === $undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw $RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = g || new $root.k3sgrid.v1.EnrollRequest();
                while (r.pos < c) {
                    var s = r.pos;
                    var t = r.tag();
                    if (t === z) {
                        z = $undefined;
                        break;
                    }
                    var u = t & 7;
                    switch (t >>>= 3) {
                    case 1: {
                            if (u !== 2)
                                break;
                            if ((v = r.bytes()).length)
                                m.clientNonce = v;
                            else
                                delete m.clientNonce;
                            continue;
                        }
                    case 2: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.tokenId = v;
                            else
                                delete m.tokenId;
                            continue;
                        }
                    case 3: {
                            if (u !== 2)
                                break;
                            if ((v = r.bytes()).length)
                                m.nodeSignPub = v;
                            else
                                delete m.nodeSignPub;
                            continue;
                        }
                    case 4: {
                            if (u !== 2)
                                break;
                            if ((v = r.bytes()).length)
                                m.nodeBoxPub = v;
                            else
                                delete m.nodeBoxPub;
                            continue;
                        }
                    case 5: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.hostname = v;
                            else
                                delete m.hostname;
                            continue;
                        }
                    case 6: {
                            if (u !== 2)
                                break;
                            m.report = $root.k3sgrid.v1.CapabilityReport.decode(r, r.size(), $undefined, q + 1, m.report);
                            continue;
                        }
                    case 7: {
                            if (u !== 2)
                                break;
                            if ((v = r.bytes()).length)
                                m.mac = v;
                            else
                                delete m.mac;
                            continue;
                        }
                    case 8: {
                            if (u !== 2)
                                break;
                            if ((v = r.bytes()).length)
                                m.signature = v;
                            else
                                delete m.signature;
                            continue;
                        }
                    case 9: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.agentVersion = v;
                            else
                                delete m.agentVersion;
                            continue;
                        }
                    }
                    r.skipType(u, q, t);
                    if (!r.discardUnknown) {
                        $util.makeProp(m, "$unknowns", false);
                        (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                    }
                }
                if (l !== $undefined) {
                    if (r.pos !== c)
                        throw $RangeError("index out of range");
                    r.len = l;
                }
                if (z !== $undefined)
                    throw $Error("missing end group");
                return m;
            };

            /**
             * Decodes an EnrollRequest message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof k3sgrid.v1.EnrollRequest
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {k3sgrid.v1.EnrollRequest & k3sgrid.v1.EnrollRequest.$Shape} EnrollRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            EnrollRequest.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies an EnrollRequest message.
             * @function verify
             * @memberof k3sgrid.v1.EnrollRequest
             * @static
             * @param {Object.<string,*>} m Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            EnrollRequest.verify = function (m, q) {
                if (typeof m !== "object" || m === null)
                    return "object expected";
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    return "max depth exceeded";
                if (m.clientNonce != null && $Object.hasOwnProperty.call(m, "clientNonce")) {
                    if (!(m.clientNonce && typeof m.clientNonce.length === "number" || $util.isString(m.clientNonce)))
                        return "clientNonce: buffer expected";
                }
                if (m.tokenId != null && $Object.hasOwnProperty.call(m, "tokenId")) {
                    if (!$util.isString(m.tokenId))
                        return "tokenId: string expected";
                }
                if (m.nodeSignPub != null && $Object.hasOwnProperty.call(m, "nodeSignPub")) {
                    if (!(m.nodeSignPub && typeof m.nodeSignPub.length === "number" || $util.isString(m.nodeSignPub)))
                        return "nodeSignPub: buffer expected";
                }
                if (m.nodeBoxPub != null && $Object.hasOwnProperty.call(m, "nodeBoxPub")) {
                    if (!(m.nodeBoxPub && typeof m.nodeBoxPub.length === "number" || $util.isString(m.nodeBoxPub)))
                        return "nodeBoxPub: buffer expected";
                }
                if (m.hostname != null && $Object.hasOwnProperty.call(m, "hostname")) {
                    if (!$util.isString(m.hostname))
                        return "hostname: string expected";
                }
                if (m.report != null && $Object.hasOwnProperty.call(m, "report")) {
                    {
                        var e = $root.k3sgrid.v1.CapabilityReport.verify(m.report, q + 1);
                        if (e)
                            return "report." + e;
                    }
                }
                if (m.mac != null && $Object.hasOwnProperty.call(m, "mac")) {
                    if (!(m.mac && typeof m.mac.length === "number" || $util.isString(m.mac)))
                        return "mac: buffer expected";
                }
                if (m.signature != null && $Object.hasOwnProperty.call(m, "signature")) {
                    if (!(m.signature && typeof m.signature.length === "number" || $util.isString(m.signature)))
                        return "signature: buffer expected";
                }
                if (m.agentVersion != null && $Object.hasOwnProperty.call(m, "agentVersion")) {
                    if (!$util.isString(m.agentVersion))
                        return "agentVersion: string expected";
                }
                return null;
            };

            /**
             * Creates an EnrollRequest message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof k3sgrid.v1.EnrollRequest
             * @static
             * @param {Object.<string,*>} d Plain object
             * @returns {k3sgrid.v1.EnrollRequest} EnrollRequest
             */
            EnrollRequest.fromObject = function (d, q) {
                if (d instanceof $root.k3sgrid.v1.EnrollRequest)
                    return d;
                if (!$util.isObject(d))
                    throw $TypeError(".k3sgrid.v1.EnrollRequest: object expected");
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                var m = new $root.k3sgrid.v1.EnrollRequest();
                if (d.clientNonce != null) {
                    if (d.clientNonce.length) {
                        if (typeof d.clientNonce === "string")
                            $util.base64.decode(d.clientNonce, m.clientNonce = $util.newBuffer($util.base64.length(d.clientNonce)), 0);
                        else if (d.clientNonce.length >= 0)
                            m.clientNonce = d.clientNonce;
                    }
                }
                if (d.tokenId != null) {
                    if (typeof d.tokenId !== "string" || d.tokenId.length) {
                        m.tokenId = $String(d.tokenId);
                    }
                }
                if (d.nodeSignPub != null) {
                    if (d.nodeSignPub.length) {
                        if (typeof d.nodeSignPub === "string")
                            $util.base64.decode(d.nodeSignPub, m.nodeSignPub = $util.newBuffer($util.base64.length(d.nodeSignPub)), 0);
                        else if (d.nodeSignPub.length >= 0)
                            m.nodeSignPub = d.nodeSignPub;
                    }
                }
                if (d.nodeBoxPub != null) {
                    if (d.nodeBoxPub.length) {
                        if (typeof d.nodeBoxPub === "string")
                            $util.base64.decode(d.nodeBoxPub, m.nodeBoxPub = $util.newBuffer($util.base64.length(d.nodeBoxPub)), 0);
                        else if (d.nodeBoxPub.length >= 0)
                            m.nodeBoxPub = d.nodeBoxPub;
                    }
                }
                if (d.hostname != null) {
                    if (typeof d.hostname !== "string" || d.hostname.length) {
                        m.hostname = $String(d.hostname);
                    }
                }
                if (d.report != null) {
                    if (!$util.isObject(d.report))
                        throw $TypeError(".k3sgrid.v1.EnrollRequest.report: object expected");
                    m.report = $root.k3sgrid.v1.CapabilityReport.fromObject(d.report, q + 1);
                }
                if (d.mac != null) {
                    if (d.mac.length) {
                        if (typeof d.mac === "string")
                            $util.base64.decode(d.mac, m.mac = $util.newBuffer($util.base64.length(d.mac)), 0);
                        else if (d.mac.length >= 0)
                            m.mac = d.mac;
                    }
                }
                if (d.signature != null) {
                    if (d.signature.length) {
                        if (typeof d.signature === "string")
                            $util.base64.decode(d.signature, m.signature = $util.newBuffer($util.base64.length(d.signature)), 0);
                        else if (d.signature.length >= 0)
                            m.signature = d.signature;
                    }
                }
                if (d.agentVersion != null) {
                    if (typeof d.agentVersion !== "string" || d.agentVersion.length) {
                        m.agentVersion = $String(d.agentVersion);
                    }
                }
                return m;
            };

            /**
             * Creates a plain object from an EnrollRequest message. Also converts values to other types if specified.
             * @function toObject
             * @memberof k3sgrid.v1.EnrollRequest
             * @static
             * @param {k3sgrid.v1.EnrollRequest} m EnrollRequest
             * @param {$protobuf.IConversionOptions} [o] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            EnrollRequest.toObject = function (m, o, q) {
                if (!o)
                    o = {};
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                var d = {};
                if (o.defaults) {
                    if (o.bytes === $String)
                        d.clientNonce = "";
                    else {
                        d.clientNonce = [];
                        if (o.bytes !== $Array)
                            d.clientNonce = $util.newBuffer(d.clientNonce);
                    }
                    d.tokenId = "";
                    if (o.bytes === $String)
                        d.nodeSignPub = "";
                    else {
                        d.nodeSignPub = [];
                        if (o.bytes !== $Array)
                            d.nodeSignPub = $util.newBuffer(d.nodeSignPub);
                    }
                    if (o.bytes === $String)
                        d.nodeBoxPub = "";
                    else {
                        d.nodeBoxPub = [];
                        if (o.bytes !== $Array)
                            d.nodeBoxPub = $util.newBuffer(d.nodeBoxPub);
                    }
                    d.hostname = "";
                    d.report = null;
                    if (o.bytes === $String)
                        d.mac = "";
                    else {
                        d.mac = [];
                        if (o.bytes !== $Array)
                            d.mac = $util.newBuffer(d.mac);
                    }
                    if (o.bytes === $String)
                        d.signature = "";
                    else {
                        d.signature = [];
                        if (o.bytes !== $Array)
                            d.signature = $util.newBuffer(d.signature);
                    }
                    d.agentVersion = "";
                }
                if (m.clientNonce != null && $Object.hasOwnProperty.call(m, "clientNonce")) {
                    d.clientNonce = o.bytes === $String ? $util.base64.encode(m.clientNonce, 0, m.clientNonce.length) : o.bytes === $Array ? $Array.prototype.slice.call(m.clientNonce) : m.clientNonce;
                }
                if (m.tokenId != null && $Object.hasOwnProperty.call(m, "tokenId")) {
                    d.tokenId = m.tokenId;
                }
                if (m.nodeSignPub != null && $Object.hasOwnProperty.call(m, "nodeSignPub")) {
                    d.nodeSignPub = o.bytes === $String ? $util.base64.encode(m.nodeSignPub, 0, m.nodeSignPub.length) : o.bytes === $Array ? $Array.prototype.slice.call(m.nodeSignPub) : m.nodeSignPub;
                }
                if (m.nodeBoxPub != null && $Object.hasOwnProperty.call(m, "nodeBoxPub")) {
                    d.nodeBoxPub = o.bytes === $String ? $util.base64.encode(m.nodeBoxPub, 0, m.nodeBoxPub.length) : o.bytes === $Array ? $Array.prototype.slice.call(m.nodeBoxPub) : m.nodeBoxPub;
                }
                if (m.hostname != null && $Object.hasOwnProperty.call(m, "hostname")) {
                    d.hostname = m.hostname;
                }
                if (m.report != null && $Object.hasOwnProperty.call(m, "report")) {
                    d.report = $root.k3sgrid.v1.CapabilityReport.toObject(m.report, o, q + 1);
                }
                if (m.mac != null && $Object.hasOwnProperty.call(m, "mac")) {
                    d.mac = o.bytes === $String ? $util.base64.encode(m.mac, 0, m.mac.length) : o.bytes === $Array ? $Array.prototype.slice.call(m.mac) : m.mac;
                }
                if (m.signature != null && $Object.hasOwnProperty.call(m, "signature")) {
                    d.signature = o.bytes === $String ? $util.base64.encode(m.signature, 0, m.signature.length) : o.bytes === $Array ? $Array.prototype.slice.call(m.signature) : m.signature;
                }
                if (m.agentVersion != null && $Object.hasOwnProperty.call(m, "agentVersion")) {
                    d.agentVersion = m.agentVersion;
                }
                return d;
            };

            /**
             * Converts this EnrollRequest to JSON.
             * @function toJSON
             * @memberof k3sgrid.v1.EnrollRequest
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            EnrollRequest.prototype.toJSON = function() {
                return EnrollRequest.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for EnrollRequest
             * @function getTypeUrl
             * @memberof k3sgrid.v1.EnrollRequest
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            EnrollRequest.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/k3sgrid.v1.EnrollRequest";
            };

            return EnrollRequest;
        })();

        v1.AuthRequest = (function() {

            /**
             * Properties of an AuthRequest.
             * @typedef {Object} k3sgrid.v1.AuthRequest.$Properties
             * @property {Uint8Array|null} [clientNonce] AuthRequest clientNonce
             * @property {Uint8Array|null} [nodeSignPub] AuthRequest nodeSignPub
             * @property {k3sgrid.v1.CapabilityReport.$Properties|null} [report] AuthRequest report
             * @property {Uint8Array|null} [signature] AuthRequest signature
             * @property {string|null} [agentVersion] AuthRequest agentVersion
             * @property {string|null} [hostname] AuthRequest hostname
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an AuthRequest.
             * @memberof k3sgrid.v1
             * @interface IAuthRequest
             * @augments k3sgrid.v1.AuthRequest.$Properties
             * @deprecated Use k3sgrid.v1.AuthRequest.$Properties instead.
             */

            /**
             * Shape of an AuthRequest.
             * @typedef {k3sgrid.v1.AuthRequest.$Properties} k3sgrid.v1.AuthRequest.$Shape
             */

            /**
             * Constructs a new AuthRequest.
             * @memberof k3sgrid.v1
             * @classdesc Represents an AuthRequest.
             * @constructor
             * @param {k3sgrid.v1.AuthRequest.$Properties=} [p] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const AuthRequest = function (p) {
                if (p)
                    for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            };

            /**
             * AuthRequest clientNonce.
             * @member {Uint8Array} clientNonce
             * @memberof k3sgrid.v1.AuthRequest
             * @instance
             */
            AuthRequest.prototype.clientNonce = $util.newBuffer([]);

            /**
             * AuthRequest nodeSignPub.
             * @member {Uint8Array} nodeSignPub
             * @memberof k3sgrid.v1.AuthRequest
             * @instance
             */
            AuthRequest.prototype.nodeSignPub = $util.newBuffer([]);

            /**
             * AuthRequest report.
             * @member {k3sgrid.v1.CapabilityReport.$Properties|null|undefined} report
             * @memberof k3sgrid.v1.AuthRequest
             * @instance
             */
            AuthRequest.prototype.report = null;

            /**
             * AuthRequest signature.
             * @member {Uint8Array} signature
             * @memberof k3sgrid.v1.AuthRequest
             * @instance
             */
            AuthRequest.prototype.signature = $util.newBuffer([]);

            /**
             * AuthRequest agentVersion.
             * @member {string} agentVersion
             * @memberof k3sgrid.v1.AuthRequest
             * @instance
             */
            AuthRequest.prototype.agentVersion = "";

            /**
             * AuthRequest hostname.
             * @member {string} hostname
             * @memberof k3sgrid.v1.AuthRequest
             * @instance
             */
            AuthRequest.prototype.hostname = "";

            /**
             * Creates a new AuthRequest instance using the specified properties.
             * @function create
             * @memberof k3sgrid.v1.AuthRequest
             * @static
             * @param {k3sgrid.v1.AuthRequest.$Properties=} [properties] Properties to set
             * @returns {k3sgrid.v1.AuthRequest} AuthRequest instance
             * @type {{
             *   (properties: k3sgrid.v1.AuthRequest.$Shape): k3sgrid.v1.AuthRequest & k3sgrid.v1.AuthRequest.$Shape;
             *   (properties?: k3sgrid.v1.AuthRequest.$Properties): k3sgrid.v1.AuthRequest;
             * }}
             */
            AuthRequest.create = function(properties) {
                return new AuthRequest(properties);
            };

            /**
             * Encodes the specified AuthRequest message. Does not implicitly {@link k3sgrid.v1.AuthRequest.verify|verify} messages.
             * @function encode
             * @memberof k3sgrid.v1.AuthRequest
             * @static
             * @param {k3sgrid.v1.AuthRequest.$Properties} m AuthRequest message or plain object to encode
             * @param {$protobuf.Writer} [w] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            AuthRequest.encode = function (m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (m.clientNonce != null && $Object.hasOwnProperty.call(m, "clientNonce") && m.clientNonce.length)
                    w.uint32(/* id 1, wireType 2 =*/10).bytes(m.clientNonce);
                if (m.nodeSignPub != null && $Object.hasOwnProperty.call(m, "nodeSignPub") && m.nodeSignPub.length)
                    w.uint32(/* id 2, wireType 2 =*/18).bytes(m.nodeSignPub);
                if (m.report != null && $Object.hasOwnProperty.call(m, "report"))
                    $root.k3sgrid.v1.CapabilityReport.encode(m.report, w.uint32(/* id 3, wireType 2 =*/26).fork(), q + 1).ldelim();
                if (m.signature != null && $Object.hasOwnProperty.call(m, "signature") && m.signature.length)
                    w.uint32(/* id 4, wireType 2 =*/34).bytes(m.signature);
                if (m.agentVersion != null && $Object.hasOwnProperty.call(m, "agentVersion") && m.agentVersion !== "")
                    w.uint32(/* id 5, wireType 2 =*/42).string(m.agentVersion);
                if (m.hostname != null && $Object.hasOwnProperty.call(m, "hostname") && m.hostname !== "")
                    w.uint32(/* id 6, wireType 2 =*/50).string(m.hostname);
                if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                    for (var i = 0; i < m.$unknowns.length; ++i)
                        w.raw(m.$unknowns[i]);
                return w;
            };

            /**
             * Encodes the specified AuthRequest message, length delimited. Does not implicitly {@link k3sgrid.v1.AuthRequest.verify|verify} messages.
             * @function encodeDelimited
             * @memberof k3sgrid.v1.AuthRequest
             * @static
             * @param {k3sgrid.v1.AuthRequest.$Properties} message AuthRequest message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            AuthRequest.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes an AuthRequest message from the specified reader or buffer.
             * @function decode
             * @memberof k3sgrid.v1.AuthRequest
             * @static
             * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
             * @param {number} [l] Message length if known beforehand
             * @returns {k3sgrid.v1.AuthRequest & k3sgrid.v1.AuthRequest.$Shape} AuthRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            AuthRequest.decode = function (r, l, z, q, g) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (q === $undefined)
                    q = 0;
                if (q > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var c, m, v;
                if (l === $undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw $RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = g || new $root.k3sgrid.v1.AuthRequest();
                while (r.pos < c) {
                    var s = r.pos;
                    var t = r.tag();
                    if (t === z) {
                        z = $undefined;
                        break;
                    }
                    var u = t & 7;
                    switch (t >>>= 3) {
                    case 1: {
                            if (u !== 2)
                                break;
                            if ((v = r.bytes()).length)
                                m.clientNonce = v;
                            else
                                delete m.clientNonce;
                            continue;
                        }
                    case 2: {
                            if (u !== 2)
                                break;
                            if ((v = r.bytes()).length)
                                m.nodeSignPub = v;
                            else
                                delete m.nodeSignPub;
                            continue;
                        }
                    case 3: {
                            if (u !== 2)
                                break;
                            m.report = $root.k3sgrid.v1.CapabilityReport.decode(r, r.size(), $undefined, q + 1, m.report);
                            continue;
                        }
                    case 4: {
                            if (u !== 2)
                                break;
                            if ((v = r.bytes()).length)
                                m.signature = v;
                            else
                                delete m.signature;
                            continue;
                        }
                    case 5: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.agentVersion = v;
                            else
                                delete m.agentVersion;
                            continue;
                        }
                    case 6: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.hostname = v;
                            else
                                delete m.hostname;
                            continue;
                        }
                    }
                    r.skipType(u, q, t);
                    if (!r.discardUnknown) {
                        $util.makeProp(m, "$unknowns", false);
                        (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                    }
                }
                if (l !== $undefined) {
                    if (r.pos !== c)
                        throw $RangeError("index out of range");
                    r.len = l;
                }
                if (z !== $undefined)
                    throw $Error("missing end group");
                return m;
            };

            /**
             * Decodes an AuthRequest message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof k3sgrid.v1.AuthRequest
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {k3sgrid.v1.AuthRequest & k3sgrid.v1.AuthRequest.$Shape} AuthRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            AuthRequest.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies an AuthRequest message.
             * @function verify
             * @memberof k3sgrid.v1.AuthRequest
             * @static
             * @param {Object.<string,*>} m Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            AuthRequest.verify = function (m, q) {
                if (typeof m !== "object" || m === null)
                    return "object expected";
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    return "max depth exceeded";
                if (m.clientNonce != null && $Object.hasOwnProperty.call(m, "clientNonce")) {
                    if (!(m.clientNonce && typeof m.clientNonce.length === "number" || $util.isString(m.clientNonce)))
                        return "clientNonce: buffer expected";
                }
                if (m.nodeSignPub != null && $Object.hasOwnProperty.call(m, "nodeSignPub")) {
                    if (!(m.nodeSignPub && typeof m.nodeSignPub.length === "number" || $util.isString(m.nodeSignPub)))
                        return "nodeSignPub: buffer expected";
                }
                if (m.report != null && $Object.hasOwnProperty.call(m, "report")) {
                    {
                        var e = $root.k3sgrid.v1.CapabilityReport.verify(m.report, q + 1);
                        if (e)
                            return "report." + e;
                    }
                }
                if (m.signature != null && $Object.hasOwnProperty.call(m, "signature")) {
                    if (!(m.signature && typeof m.signature.length === "number" || $util.isString(m.signature)))
                        return "signature: buffer expected";
                }
                if (m.agentVersion != null && $Object.hasOwnProperty.call(m, "agentVersion")) {
                    if (!$util.isString(m.agentVersion))
                        return "agentVersion: string expected";
                }
                if (m.hostname != null && $Object.hasOwnProperty.call(m, "hostname")) {
                    if (!$util.isString(m.hostname))
                        return "hostname: string expected";
                }
                return null;
            };

            /**
             * Creates an AuthRequest message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof k3sgrid.v1.AuthRequest
             * @static
             * @param {Object.<string,*>} d Plain object
             * @returns {k3sgrid.v1.AuthRequest} AuthRequest
             */
            AuthRequest.fromObject = function (d, q) {
                if (d instanceof $root.k3sgrid.v1.AuthRequest)
                    return d;
                if (!$util.isObject(d))
                    throw $TypeError(".k3sgrid.v1.AuthRequest: object expected");
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                var m = new $root.k3sgrid.v1.AuthRequest();
                if (d.clientNonce != null) {
                    if (d.clientNonce.length) {
                        if (typeof d.clientNonce === "string")
                            $util.base64.decode(d.clientNonce, m.clientNonce = $util.newBuffer($util.base64.length(d.clientNonce)), 0);
                        else if (d.clientNonce.length >= 0)
                            m.clientNonce = d.clientNonce;
                    }
                }
                if (d.nodeSignPub != null) {
                    if (d.nodeSignPub.length) {
                        if (typeof d.nodeSignPub === "string")
                            $util.base64.decode(d.nodeSignPub, m.nodeSignPub = $util.newBuffer($util.base64.length(d.nodeSignPub)), 0);
                        else if (d.nodeSignPub.length >= 0)
                            m.nodeSignPub = d.nodeSignPub;
                    }
                }
                if (d.report != null) {
                    if (!$util.isObject(d.report))
                        throw $TypeError(".k3sgrid.v1.AuthRequest.report: object expected");
                    m.report = $root.k3sgrid.v1.CapabilityReport.fromObject(d.report, q + 1);
                }
                if (d.signature != null) {
                    if (d.signature.length) {
                        if (typeof d.signature === "string")
                            $util.base64.decode(d.signature, m.signature = $util.newBuffer($util.base64.length(d.signature)), 0);
                        else if (d.signature.length >= 0)
                            m.signature = d.signature;
                    }
                }
                if (d.agentVersion != null) {
                    if (typeof d.agentVersion !== "string" || d.agentVersion.length) {
                        m.agentVersion = $String(d.agentVersion);
                    }
                }
                if (d.hostname != null) {
                    if (typeof d.hostname !== "string" || d.hostname.length) {
                        m.hostname = $String(d.hostname);
                    }
                }
                return m;
            };

            /**
             * Creates a plain object from an AuthRequest message. Also converts values to other types if specified.
             * @function toObject
             * @memberof k3sgrid.v1.AuthRequest
             * @static
             * @param {k3sgrid.v1.AuthRequest} m AuthRequest
             * @param {$protobuf.IConversionOptions} [o] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            AuthRequest.toObject = function (m, o, q) {
                if (!o)
                    o = {};
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                var d = {};
                if (o.defaults) {
                    if (o.bytes === $String)
                        d.clientNonce = "";
                    else {
                        d.clientNonce = [];
                        if (o.bytes !== $Array)
                            d.clientNonce = $util.newBuffer(d.clientNonce);
                    }
                    if (o.bytes === $String)
                        d.nodeSignPub = "";
                    else {
                        d.nodeSignPub = [];
                        if (o.bytes !== $Array)
                            d.nodeSignPub = $util.newBuffer(d.nodeSignPub);
                    }
                    d.report = null;
                    if (o.bytes === $String)
                        d.signature = "";
                    else {
                        d.signature = [];
                        if (o.bytes !== $Array)
                            d.signature = $util.newBuffer(d.signature);
                    }
                    d.agentVersion = "";
                    d.hostname = "";
                }
                if (m.clientNonce != null && $Object.hasOwnProperty.call(m, "clientNonce")) {
                    d.clientNonce = o.bytes === $String ? $util.base64.encode(m.clientNonce, 0, m.clientNonce.length) : o.bytes === $Array ? $Array.prototype.slice.call(m.clientNonce) : m.clientNonce;
                }
                if (m.nodeSignPub != null && $Object.hasOwnProperty.call(m, "nodeSignPub")) {
                    d.nodeSignPub = o.bytes === $String ? $util.base64.encode(m.nodeSignPub, 0, m.nodeSignPub.length) : o.bytes === $Array ? $Array.prototype.slice.call(m.nodeSignPub) : m.nodeSignPub;
                }
                if (m.report != null && $Object.hasOwnProperty.call(m, "report")) {
                    d.report = $root.k3sgrid.v1.CapabilityReport.toObject(m.report, o, q + 1);
                }
                if (m.signature != null && $Object.hasOwnProperty.call(m, "signature")) {
                    d.signature = o.bytes === $String ? $util.base64.encode(m.signature, 0, m.signature.length) : o.bytes === $Array ? $Array.prototype.slice.call(m.signature) : m.signature;
                }
                if (m.agentVersion != null && $Object.hasOwnProperty.call(m, "agentVersion")) {
                    d.agentVersion = m.agentVersion;
                }
                if (m.hostname != null && $Object.hasOwnProperty.call(m, "hostname")) {
                    d.hostname = m.hostname;
                }
                return d;
            };

            /**
             * Converts this AuthRequest to JSON.
             * @function toJSON
             * @memberof k3sgrid.v1.AuthRequest
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            AuthRequest.prototype.toJSON = function() {
                return AuthRequest.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for AuthRequest
             * @function getTypeUrl
             * @memberof k3sgrid.v1.AuthRequest
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            AuthRequest.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/k3sgrid.v1.AuthRequest";
            };

            return AuthRequest;
        })();

        v1.Welcome = (function() {

            /**
             * Properties of a Welcome.
             * @typedef {Object} k3sgrid.v1.Welcome.$Properties
             * @property {string|null} [nodeId] Welcome nodeId
             * @property {string|null} [nodeName] Welcome nodeName
             * @property {string|null} [clusterId] Welcome clusterId
             * @property {number|null} [heartbeatIntervalMs] Welcome heartbeatIntervalMs
             * @property {Uint8Array|null} [coordinatorSignPub] Welcome coordinatorSignPub
             * @property {Uint8Array|null} [signature] Welcome signature
             * @property {Uint8Array|null} [coordinatorBoxPub] Welcome coordinatorBoxPub
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Welcome.
             * @memberof k3sgrid.v1
             * @interface IWelcome
             * @augments k3sgrid.v1.Welcome.$Properties
             * @deprecated Use k3sgrid.v1.Welcome.$Properties instead.
             */

            /**
             * Shape of a Welcome.
             * @typedef {k3sgrid.v1.Welcome.$Properties} k3sgrid.v1.Welcome.$Shape
             */

            /**
             * Constructs a new Welcome.
             * @memberof k3sgrid.v1
             * @classdesc Represents a Welcome.
             * @constructor
             * @param {k3sgrid.v1.Welcome.$Properties=} [p] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Welcome = function (p) {
                if (p)
                    for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            };

            /**
             * Welcome nodeId.
             * @member {string} nodeId
             * @memberof k3sgrid.v1.Welcome
             * @instance
             */
            Welcome.prototype.nodeId = "";

            /**
             * Welcome nodeName.
             * @member {string} nodeName
             * @memberof k3sgrid.v1.Welcome
             * @instance
             */
            Welcome.prototype.nodeName = "";

            /**
             * Welcome clusterId.
             * @member {string} clusterId
             * @memberof k3sgrid.v1.Welcome
             * @instance
             */
            Welcome.prototype.clusterId = "";

            /**
             * Welcome heartbeatIntervalMs.
             * @member {number} heartbeatIntervalMs
             * @memberof k3sgrid.v1.Welcome
             * @instance
             */
            Welcome.prototype.heartbeatIntervalMs = 0;

            /**
             * Welcome coordinatorSignPub.
             * @member {Uint8Array} coordinatorSignPub
             * @memberof k3sgrid.v1.Welcome
             * @instance
             */
            Welcome.prototype.coordinatorSignPub = $util.newBuffer([]);

            /**
             * Welcome signature.
             * @member {Uint8Array} signature
             * @memberof k3sgrid.v1.Welcome
             * @instance
             */
            Welcome.prototype.signature = $util.newBuffer([]);

            /**
             * Welcome coordinatorBoxPub.
             * @member {Uint8Array} coordinatorBoxPub
             * @memberof k3sgrid.v1.Welcome
             * @instance
             */
            Welcome.prototype.coordinatorBoxPub = $util.newBuffer([]);

            /**
             * Creates a new Welcome instance using the specified properties.
             * @function create
             * @memberof k3sgrid.v1.Welcome
             * @static
             * @param {k3sgrid.v1.Welcome.$Properties=} [properties] Properties to set
             * @returns {k3sgrid.v1.Welcome} Welcome instance
             * @type {{
             *   (properties: k3sgrid.v1.Welcome.$Shape): k3sgrid.v1.Welcome & k3sgrid.v1.Welcome.$Shape;
             *   (properties?: k3sgrid.v1.Welcome.$Properties): k3sgrid.v1.Welcome;
             * }}
             */
            Welcome.create = function(properties) {
                return new Welcome(properties);
            };

            /**
             * Encodes the specified Welcome message. Does not implicitly {@link k3sgrid.v1.Welcome.verify|verify} messages.
             * @function encode
             * @memberof k3sgrid.v1.Welcome
             * @static
             * @param {k3sgrid.v1.Welcome.$Properties} m Welcome message or plain object to encode
             * @param {$protobuf.Writer} [w] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Welcome.encode = function (m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (m.nodeId != null && $Object.hasOwnProperty.call(m, "nodeId") && m.nodeId !== "")
                    w.uint32(/* id 1, wireType 2 =*/10).string(m.nodeId);
                if (m.nodeName != null && $Object.hasOwnProperty.call(m, "nodeName") && m.nodeName !== "")
                    w.uint32(/* id 2, wireType 2 =*/18).string(m.nodeName);
                if (m.clusterId != null && $Object.hasOwnProperty.call(m, "clusterId") && m.clusterId !== "")
                    w.uint32(/* id 3, wireType 2 =*/26).string(m.clusterId);
                if (m.heartbeatIntervalMs != null && $Object.hasOwnProperty.call(m, "heartbeatIntervalMs") && m.heartbeatIntervalMs !== 0)
                    w.uint32(/* id 4, wireType 0 =*/32).uint32(m.heartbeatIntervalMs);
                if (m.coordinatorSignPub != null && $Object.hasOwnProperty.call(m, "coordinatorSignPub") && m.coordinatorSignPub.length)
                    w.uint32(/* id 5, wireType 2 =*/42).bytes(m.coordinatorSignPub);
                if (m.signature != null && $Object.hasOwnProperty.call(m, "signature") && m.signature.length)
                    w.uint32(/* id 6, wireType 2 =*/50).bytes(m.signature);
                if (m.coordinatorBoxPub != null && $Object.hasOwnProperty.call(m, "coordinatorBoxPub") && m.coordinatorBoxPub.length)
                    w.uint32(/* id 7, wireType 2 =*/58).bytes(m.coordinatorBoxPub);
                if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                    for (var i = 0; i < m.$unknowns.length; ++i)
                        w.raw(m.$unknowns[i]);
                return w;
            };

            /**
             * Encodes the specified Welcome message, length delimited. Does not implicitly {@link k3sgrid.v1.Welcome.verify|verify} messages.
             * @function encodeDelimited
             * @memberof k3sgrid.v1.Welcome
             * @static
             * @param {k3sgrid.v1.Welcome.$Properties} message Welcome message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Welcome.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a Welcome message from the specified reader or buffer.
             * @function decode
             * @memberof k3sgrid.v1.Welcome
             * @static
             * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
             * @param {number} [l] Message length if known beforehand
             * @returns {k3sgrid.v1.Welcome & k3sgrid.v1.Welcome.$Shape} Welcome
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Welcome.decode = function (r, l, z, q, g) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (q === $undefined)
                    q = 0;
                if (q > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var c, m, v;
                if (l === $undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw $RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = g || new $root.k3sgrid.v1.Welcome();
                while (r.pos < c) {
                    var s = r.pos;
                    var t = r.tag();
                    if (t === z) {
                        z = $undefined;
                        break;
                    }
                    var u = t & 7;
                    switch (t >>>= 3) {
                    case 1: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.nodeId = v;
                            else
                                delete m.nodeId;
                            continue;
                        }
                    case 2: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.nodeName = v;
                            else
                                delete m.nodeName;
                            continue;
                        }
                    case 3: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.clusterId = v;
                            else
                                delete m.clusterId;
                            continue;
                        }
                    case 4: {
                            if (u !== 0)
                                break;
                            if (v = r.uint32())
                                m.heartbeatIntervalMs = v;
                            else
                                delete m.heartbeatIntervalMs;
                            continue;
                        }
                    case 5: {
                            if (u !== 2)
                                break;
                            if ((v = r.bytes()).length)
                                m.coordinatorSignPub = v;
                            else
                                delete m.coordinatorSignPub;
                            continue;
                        }
                    case 6: {
                            if (u !== 2)
                                break;
                            if ((v = r.bytes()).length)
                                m.signature = v;
                            else
                                delete m.signature;
                            continue;
                        }
                    case 7: {
                            if (u !== 2)
                                break;
                            if ((v = r.bytes()).length)
                                m.coordinatorBoxPub = v;
                            else
                                delete m.coordinatorBoxPub;
                            continue;
                        }
                    }
                    r.skipType(u, q, t);
                    if (!r.discardUnknown) {
                        $util.makeProp(m, "$unknowns", false);
                        (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                    }
                }
                if (l !== $undefined) {
                    if (r.pos !== c)
                        throw $RangeError("index out of range");
                    r.len = l;
                }
                if (z !== $undefined)
                    throw $Error("missing end group");
                return m;
            };

            /**
             * Decodes a Welcome message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof k3sgrid.v1.Welcome
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {k3sgrid.v1.Welcome & k3sgrid.v1.Welcome.$Shape} Welcome
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Welcome.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a Welcome message.
             * @function verify
             * @memberof k3sgrid.v1.Welcome
             * @static
             * @param {Object.<string,*>} m Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            Welcome.verify = function (m, q) {
                if (typeof m !== "object" || m === null)
                    return "object expected";
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    return "max depth exceeded";
                if (m.nodeId != null && $Object.hasOwnProperty.call(m, "nodeId")) {
                    if (!$util.isString(m.nodeId))
                        return "nodeId: string expected";
                }
                if (m.nodeName != null && $Object.hasOwnProperty.call(m, "nodeName")) {
                    if (!$util.isString(m.nodeName))
                        return "nodeName: string expected";
                }
                if (m.clusterId != null && $Object.hasOwnProperty.call(m, "clusterId")) {
                    if (!$util.isString(m.clusterId))
                        return "clusterId: string expected";
                }
                if (m.heartbeatIntervalMs != null && $Object.hasOwnProperty.call(m, "heartbeatIntervalMs")) {
                    if (!$util.isInteger(m.heartbeatIntervalMs))
                        return "heartbeatIntervalMs: integer expected";
                }
                if (m.coordinatorSignPub != null && $Object.hasOwnProperty.call(m, "coordinatorSignPub")) {
                    if (!(m.coordinatorSignPub && typeof m.coordinatorSignPub.length === "number" || $util.isString(m.coordinatorSignPub)))
                        return "coordinatorSignPub: buffer expected";
                }
                if (m.signature != null && $Object.hasOwnProperty.call(m, "signature")) {
                    if (!(m.signature && typeof m.signature.length === "number" || $util.isString(m.signature)))
                        return "signature: buffer expected";
                }
                if (m.coordinatorBoxPub != null && $Object.hasOwnProperty.call(m, "coordinatorBoxPub")) {
                    if (!(m.coordinatorBoxPub && typeof m.coordinatorBoxPub.length === "number" || $util.isString(m.coordinatorBoxPub)))
                        return "coordinatorBoxPub: buffer expected";
                }
                return null;
            };

            /**
             * Creates a Welcome message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof k3sgrid.v1.Welcome
             * @static
             * @param {Object.<string,*>} d Plain object
             * @returns {k3sgrid.v1.Welcome} Welcome
             */
            Welcome.fromObject = function (d, q) {
                if (d instanceof $root.k3sgrid.v1.Welcome)
                    return d;
                if (!$util.isObject(d))
                    throw $TypeError(".k3sgrid.v1.Welcome: object expected");
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                var m = new $root.k3sgrid.v1.Welcome();
                if (d.nodeId != null) {
                    if (typeof d.nodeId !== "string" || d.nodeId.length) {
                        m.nodeId = $String(d.nodeId);
                    }
                }
                if (d.nodeName != null) {
                    if (typeof d.nodeName !== "string" || d.nodeName.length) {
                        m.nodeName = $String(d.nodeName);
                    }
                }
                if (d.clusterId != null) {
                    if (typeof d.clusterId !== "string" || d.clusterId.length) {
                        m.clusterId = $String(d.clusterId);
                    }
                }
                if (d.heartbeatIntervalMs != null) {
                    if ($Number(d.heartbeatIntervalMs) !== 0) {
                        m.heartbeatIntervalMs = d.heartbeatIntervalMs >>> 0;
                    }
                }
                if (d.coordinatorSignPub != null) {
                    if (d.coordinatorSignPub.length) {
                        if (typeof d.coordinatorSignPub === "string")
                            $util.base64.decode(d.coordinatorSignPub, m.coordinatorSignPub = $util.newBuffer($util.base64.length(d.coordinatorSignPub)), 0);
                        else if (d.coordinatorSignPub.length >= 0)
                            m.coordinatorSignPub = d.coordinatorSignPub;
                    }
                }
                if (d.signature != null) {
                    if (d.signature.length) {
                        if (typeof d.signature === "string")
                            $util.base64.decode(d.signature, m.signature = $util.newBuffer($util.base64.length(d.signature)), 0);
                        else if (d.signature.length >= 0)
                            m.signature = d.signature;
                    }
                }
                if (d.coordinatorBoxPub != null) {
                    if (d.coordinatorBoxPub.length) {
                        if (typeof d.coordinatorBoxPub === "string")
                            $util.base64.decode(d.coordinatorBoxPub, m.coordinatorBoxPub = $util.newBuffer($util.base64.length(d.coordinatorBoxPub)), 0);
                        else if (d.coordinatorBoxPub.length >= 0)
                            m.coordinatorBoxPub = d.coordinatorBoxPub;
                    }
                }
                return m;
            };

            /**
             * Creates a plain object from a Welcome message. Also converts values to other types if specified.
             * @function toObject
             * @memberof k3sgrid.v1.Welcome
             * @static
             * @param {k3sgrid.v1.Welcome} m Welcome
             * @param {$protobuf.IConversionOptions} [o] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Welcome.toObject = function (m, o, q) {
                if (!o)
                    o = {};
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                var d = {};
                if (o.defaults) {
                    d.nodeId = "";
                    d.nodeName = "";
                    d.clusterId = "";
                    d.heartbeatIntervalMs = 0;
                    if (o.bytes === $String)
                        d.coordinatorSignPub = "";
                    else {
                        d.coordinatorSignPub = [];
                        if (o.bytes !== $Array)
                            d.coordinatorSignPub = $util.newBuffer(d.coordinatorSignPub);
                    }
                    if (o.bytes === $String)
                        d.signature = "";
                    else {
                        d.signature = [];
                        if (o.bytes !== $Array)
                            d.signature = $util.newBuffer(d.signature);
                    }
                    if (o.bytes === $String)
                        d.coordinatorBoxPub = "";
                    else {
                        d.coordinatorBoxPub = [];
                        if (o.bytes !== $Array)
                            d.coordinatorBoxPub = $util.newBuffer(d.coordinatorBoxPub);
                    }
                }
                if (m.nodeId != null && $Object.hasOwnProperty.call(m, "nodeId")) {
                    d.nodeId = m.nodeId;
                }
                if (m.nodeName != null && $Object.hasOwnProperty.call(m, "nodeName")) {
                    d.nodeName = m.nodeName;
                }
                if (m.clusterId != null && $Object.hasOwnProperty.call(m, "clusterId")) {
                    d.clusterId = m.clusterId;
                }
                if (m.heartbeatIntervalMs != null && $Object.hasOwnProperty.call(m, "heartbeatIntervalMs")) {
                    d.heartbeatIntervalMs = m.heartbeatIntervalMs;
                }
                if (m.coordinatorSignPub != null && $Object.hasOwnProperty.call(m, "coordinatorSignPub")) {
                    d.coordinatorSignPub = o.bytes === $String ? $util.base64.encode(m.coordinatorSignPub, 0, m.coordinatorSignPub.length) : o.bytes === $Array ? $Array.prototype.slice.call(m.coordinatorSignPub) : m.coordinatorSignPub;
                }
                if (m.signature != null && $Object.hasOwnProperty.call(m, "signature")) {
                    d.signature = o.bytes === $String ? $util.base64.encode(m.signature, 0, m.signature.length) : o.bytes === $Array ? $Array.prototype.slice.call(m.signature) : m.signature;
                }
                if (m.coordinatorBoxPub != null && $Object.hasOwnProperty.call(m, "coordinatorBoxPub")) {
                    d.coordinatorBoxPub = o.bytes === $String ? $util.base64.encode(m.coordinatorBoxPub, 0, m.coordinatorBoxPub.length) : o.bytes === $Array ? $Array.prototype.slice.call(m.coordinatorBoxPub) : m.coordinatorBoxPub;
                }
                return d;
            };

            /**
             * Converts this Welcome to JSON.
             * @function toJSON
             * @memberof k3sgrid.v1.Welcome
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Welcome.prototype.toJSON = function() {
                return Welcome.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for Welcome
             * @function getTypeUrl
             * @memberof k3sgrid.v1.Welcome
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            Welcome.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/k3sgrid.v1.Welcome";
            };

            return Welcome;
        })();

        v1.Heartbeat = (function() {

            /**
             * Properties of a Heartbeat.
             * @typedef {Object} k3sgrid.v1.Heartbeat.$Properties
             * @property {number|null} [agentTimeMs] Heartbeat agentTimeMs
             * @property {string|null} [phase] Heartbeat phase
             * @property {number|null} [appliedEpoch] Heartbeat appliedEpoch
             * @property {number|null} [appliedGeneration] Heartbeat appliedGeneration
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Heartbeat.
             * @memberof k3sgrid.v1
             * @interface IHeartbeat
             * @augments k3sgrid.v1.Heartbeat.$Properties
             * @deprecated Use k3sgrid.v1.Heartbeat.$Properties instead.
             */

            /**
             * Shape of a Heartbeat.
             * @typedef {k3sgrid.v1.Heartbeat.$Properties} k3sgrid.v1.Heartbeat.$Shape
             */

            /**
             * Constructs a new Heartbeat.
             * @memberof k3sgrid.v1
             * @classdesc Represents a Heartbeat.
             * @constructor
             * @param {k3sgrid.v1.Heartbeat.$Properties=} [p] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Heartbeat = function (p) {
                if (p)
                    for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            };

            /**
             * Heartbeat agentTimeMs.
             * @member {number} agentTimeMs
             * @memberof k3sgrid.v1.Heartbeat
             * @instance
             */
            Heartbeat.prototype.agentTimeMs = 0;

            /**
             * Heartbeat phase.
             * @member {string} phase
             * @memberof k3sgrid.v1.Heartbeat
             * @instance
             */
            Heartbeat.prototype.phase = "";

            /**
             * Heartbeat appliedEpoch.
             * @member {number} appliedEpoch
             * @memberof k3sgrid.v1.Heartbeat
             * @instance
             */
            Heartbeat.prototype.appliedEpoch = 0;

            /**
             * Heartbeat appliedGeneration.
             * @member {number} appliedGeneration
             * @memberof k3sgrid.v1.Heartbeat
             * @instance
             */
            Heartbeat.prototype.appliedGeneration = 0;

            /**
             * Creates a new Heartbeat instance using the specified properties.
             * @function create
             * @memberof k3sgrid.v1.Heartbeat
             * @static
             * @param {k3sgrid.v1.Heartbeat.$Properties=} [properties] Properties to set
             * @returns {k3sgrid.v1.Heartbeat} Heartbeat instance
             * @type {{
             *   (properties: k3sgrid.v1.Heartbeat.$Shape): k3sgrid.v1.Heartbeat & k3sgrid.v1.Heartbeat.$Shape;
             *   (properties?: k3sgrid.v1.Heartbeat.$Properties): k3sgrid.v1.Heartbeat;
             * }}
             */
            Heartbeat.create = function(properties) {
                return new Heartbeat(properties);
            };

            /**
             * Encodes the specified Heartbeat message. Does not implicitly {@link k3sgrid.v1.Heartbeat.verify|verify} messages.
             * @function encode
             * @memberof k3sgrid.v1.Heartbeat
             * @static
             * @param {k3sgrid.v1.Heartbeat.$Properties} m Heartbeat message or plain object to encode
             * @param {$protobuf.Writer} [w] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Heartbeat.encode = function (m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (m.agentTimeMs != null && $Object.hasOwnProperty.call(m, "agentTimeMs") && (typeof m.agentTimeMs === "object" ? m.agentTimeMs.low || m.agentTimeMs.high : m.agentTimeMs !== 0))
                    w.uint32(/* id 1, wireType 0 =*/8).uint64(m.agentTimeMs);
                if (m.phase != null && $Object.hasOwnProperty.call(m, "phase") && m.phase !== "")
                    w.uint32(/* id 2, wireType 2 =*/18).string(m.phase);
                if (m.appliedEpoch != null && $Object.hasOwnProperty.call(m, "appliedEpoch") && (typeof m.appliedEpoch === "object" ? m.appliedEpoch.low || m.appliedEpoch.high : m.appliedEpoch !== 0))
                    w.uint32(/* id 3, wireType 0 =*/24).uint64(m.appliedEpoch);
                if (m.appliedGeneration != null && $Object.hasOwnProperty.call(m, "appliedGeneration") && (typeof m.appliedGeneration === "object" ? m.appliedGeneration.low || m.appliedGeneration.high : m.appliedGeneration !== 0))
                    w.uint32(/* id 4, wireType 0 =*/32).uint64(m.appliedGeneration);
                if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                    for (var i = 0; i < m.$unknowns.length; ++i)
                        w.raw(m.$unknowns[i]);
                return w;
            };

            /**
             * Encodes the specified Heartbeat message, length delimited. Does not implicitly {@link k3sgrid.v1.Heartbeat.verify|verify} messages.
             * @function encodeDelimited
             * @memberof k3sgrid.v1.Heartbeat
             * @static
             * @param {k3sgrid.v1.Heartbeat.$Properties} message Heartbeat message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Heartbeat.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a Heartbeat message from the specified reader or buffer.
             * @function decode
             * @memberof k3sgrid.v1.Heartbeat
             * @static
             * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
             * @param {number} [l] Message length if known beforehand
             * @returns {k3sgrid.v1.Heartbeat & k3sgrid.v1.Heartbeat.$Shape} Heartbeat
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Heartbeat.decode = function (r, l, z, q, g) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (q === $undefined)
                    q = 0;
                if (q > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var c, m, v;
                if (l === $undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw $RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = g || new $root.k3sgrid.v1.Heartbeat();
                while (r.pos < c) {
                    var s = r.pos;
                    var t = r.tag();
                    if (t === z) {
                        z = $undefined;
                        break;
                    }
                    var u = t & 7;
                    switch (t >>>= 3) {
                    case 1: {
                            if (u !== 0)
                                break;
                            if (typeof (v = r.uint64()) === "object" ? v.low || v.high : v !== 0)
                                m.agentTimeMs = v;
                            else
                                delete m.agentTimeMs;
                            continue;
                        }
                    case 2: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.phase = v;
                            else
                                delete m.phase;
                            continue;
                        }
                    case 3: {
                            if (u !== 0)
                                break;
                            if (typeof (v = r.uint64()) === "object" ? v.low || v.high : v !== 0)
                                m.appliedEpoch = v;
                            else
                                delete m.appliedEpoch;
                            continue;
                        }
                    case 4: {
                            if (u !== 0)
                                break;
                            if (typeof (v = r.uint64()) === "object" ? v.low || v.high : v !== 0)
                                m.appliedGeneration = v;
                            else
                                delete m.appliedGeneration;
                            continue;
                        }
                    }
                    r.skipType(u, q, t);
                    if (!r.discardUnknown) {
                        $util.makeProp(m, "$unknowns", false);
                        (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                    }
                }
                if (l !== $undefined) {
                    if (r.pos !== c)
                        throw $RangeError("index out of range");
                    r.len = l;
                }
                if (z !== $undefined)
                    throw $Error("missing end group");
                return m;
            };

            /**
             * Decodes a Heartbeat message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof k3sgrid.v1.Heartbeat
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {k3sgrid.v1.Heartbeat & k3sgrid.v1.Heartbeat.$Shape} Heartbeat
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Heartbeat.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a Heartbeat message.
             * @function verify
             * @memberof k3sgrid.v1.Heartbeat
             * @static
             * @param {Object.<string,*>} m Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            Heartbeat.verify = function (m, q) {
                if (typeof m !== "object" || m === null)
                    return "object expected";
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    return "max depth exceeded";
                if (m.agentTimeMs != null && $Object.hasOwnProperty.call(m, "agentTimeMs")) {
                    if (!$util.isInteger(m.agentTimeMs) && !(m.agentTimeMs && $util.isInteger(m.agentTimeMs.low) && $util.isInteger(m.agentTimeMs.high)))
                        return "agentTimeMs: integer|Long expected";
                }
                if (m.phase != null && $Object.hasOwnProperty.call(m, "phase")) {
                    if (!$util.isString(m.phase))
                        return "phase: string expected";
                }
                if (m.appliedEpoch != null && $Object.hasOwnProperty.call(m, "appliedEpoch")) {
                    if (!$util.isInteger(m.appliedEpoch) && !(m.appliedEpoch && $util.isInteger(m.appliedEpoch.low) && $util.isInteger(m.appliedEpoch.high)))
                        return "appliedEpoch: integer|Long expected";
                }
                if (m.appliedGeneration != null && $Object.hasOwnProperty.call(m, "appliedGeneration")) {
                    if (!$util.isInteger(m.appliedGeneration) && !(m.appliedGeneration && $util.isInteger(m.appliedGeneration.low) && $util.isInteger(m.appliedGeneration.high)))
                        return "appliedGeneration: integer|Long expected";
                }
                return null;
            };

            /**
             * Creates a Heartbeat message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof k3sgrid.v1.Heartbeat
             * @static
             * @param {Object.<string,*>} d Plain object
             * @returns {k3sgrid.v1.Heartbeat} Heartbeat
             */
            Heartbeat.fromObject = function (d, q) {
                if (d instanceof $root.k3sgrid.v1.Heartbeat)
                    return d;
                if (!$util.isObject(d))
                    throw $TypeError(".k3sgrid.v1.Heartbeat: object expected");
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                var m = new $root.k3sgrid.v1.Heartbeat();
                if (d.agentTimeMs != null) {
                    if (typeof d.agentTimeMs === "object" ? d.agentTimeMs.low || d.agentTimeMs.high : $Number(d.agentTimeMs) !== 0) {
                        if ($util.Long)
                            m.agentTimeMs = $util.Long.fromValue(d.agentTimeMs, true);
                        else if (typeof d.agentTimeMs === "string")
                            m.agentTimeMs = $parseInt(d.agentTimeMs, 10);
                        else if (typeof d.agentTimeMs === "number")
                            m.agentTimeMs = d.agentTimeMs;
                        else if (typeof d.agentTimeMs === "object")
                            m.agentTimeMs = new $util.LongBits(d.agentTimeMs.low >>> 0, d.agentTimeMs.high >>> 0).toNumber(true);
                    }
                }
                if (d.phase != null) {
                    if (typeof d.phase !== "string" || d.phase.length) {
                        m.phase = $String(d.phase);
                    }
                }
                if (d.appliedEpoch != null) {
                    if (typeof d.appliedEpoch === "object" ? d.appliedEpoch.low || d.appliedEpoch.high : $Number(d.appliedEpoch) !== 0) {
                        if ($util.Long)
                            m.appliedEpoch = $util.Long.fromValue(d.appliedEpoch, true);
                        else if (typeof d.appliedEpoch === "string")
                            m.appliedEpoch = $parseInt(d.appliedEpoch, 10);
                        else if (typeof d.appliedEpoch === "number")
                            m.appliedEpoch = d.appliedEpoch;
                        else if (typeof d.appliedEpoch === "object")
                            m.appliedEpoch = new $util.LongBits(d.appliedEpoch.low >>> 0, d.appliedEpoch.high >>> 0).toNumber(true);
                    }
                }
                if (d.appliedGeneration != null) {
                    if (typeof d.appliedGeneration === "object" ? d.appliedGeneration.low || d.appliedGeneration.high : $Number(d.appliedGeneration) !== 0) {
                        if ($util.Long)
                            m.appliedGeneration = $util.Long.fromValue(d.appliedGeneration, true);
                        else if (typeof d.appliedGeneration === "string")
                            m.appliedGeneration = $parseInt(d.appliedGeneration, 10);
                        else if (typeof d.appliedGeneration === "number")
                            m.appliedGeneration = d.appliedGeneration;
                        else if (typeof d.appliedGeneration === "object")
                            m.appliedGeneration = new $util.LongBits(d.appliedGeneration.low >>> 0, d.appliedGeneration.high >>> 0).toNumber(true);
                    }
                }
                return m;
            };

            /**
             * Creates a plain object from a Heartbeat message. Also converts values to other types if specified.
             * @function toObject
             * @memberof k3sgrid.v1.Heartbeat
             * @static
             * @param {k3sgrid.v1.Heartbeat} m Heartbeat
             * @param {$protobuf.IConversionOptions} [o] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Heartbeat.toObject = function (m, o, q) {
                if (!o)
                    o = {};
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                var d = {};
                if (o.defaults) {
                    if ($util.Long) {
                        var n = new $util.Long(0, 0, true);
                        d.agentTimeMs = o.longs === $String ? n.toString() : o.longs === $Number ? n.toNumber() : typeof $BigInt !== "undefined" && o.longs === $BigInt ? n.toBigInt() : n;
                    } else
                        d.agentTimeMs = o.longs === $String ? "0" : typeof $BigInt !== "undefined" && o.longs === $BigInt ? $BigInt("0") : 0;
                    d.phase = "";
                    if ($util.Long) {
                        var n = new $util.Long(0, 0, true);
                        d.appliedEpoch = o.longs === $String ? n.toString() : o.longs === $Number ? n.toNumber() : typeof $BigInt !== "undefined" && o.longs === $BigInt ? n.toBigInt() : n;
                    } else
                        d.appliedEpoch = o.longs === $String ? "0" : typeof $BigInt !== "undefined" && o.longs === $BigInt ? $BigInt("0") : 0;
                    if ($util.Long) {
                        var n = new $util.Long(0, 0, true);
                        d.appliedGeneration = o.longs === $String ? n.toString() : o.longs === $Number ? n.toNumber() : typeof $BigInt !== "undefined" && o.longs === $BigInt ? n.toBigInt() : n;
                    } else
                        d.appliedGeneration = o.longs === $String ? "0" : typeof $BigInt !== "undefined" && o.longs === $BigInt ? $BigInt("0") : 0;
                }
                if (m.agentTimeMs != null && $Object.hasOwnProperty.call(m, "agentTimeMs")) {
                    if (typeof $BigInt !== "undefined" && o.longs === $BigInt)
                        d.agentTimeMs = typeof m.agentTimeMs === "number" ? $BigInt(m.agentTimeMs) : $util.Long.fromBits(m.agentTimeMs.low >>> 0, m.agentTimeMs.high >>> 0, true).toBigInt();
                    else if (typeof m.agentTimeMs === "number")
                        d.agentTimeMs = o.longs === $String ? $String(m.agentTimeMs) : m.agentTimeMs;
                    else
                        d.agentTimeMs = o.longs === $String ? $util.Long.prototype.toString.call(m.agentTimeMs) : o.longs === $Number ? new $util.LongBits(m.agentTimeMs.low >>> 0, m.agentTimeMs.high >>> 0).toNumber(true) : m.agentTimeMs;
                }
                if (m.phase != null && $Object.hasOwnProperty.call(m, "phase")) {
                    d.phase = m.phase;
                }
                if (m.appliedEpoch != null && $Object.hasOwnProperty.call(m, "appliedEpoch")) {
                    if (typeof $BigInt !== "undefined" && o.longs === $BigInt)
                        d.appliedEpoch = typeof m.appliedEpoch === "number" ? $BigInt(m.appliedEpoch) : $util.Long.fromBits(m.appliedEpoch.low >>> 0, m.appliedEpoch.high >>> 0, true).toBigInt();
                    else if (typeof m.appliedEpoch === "number")
                        d.appliedEpoch = o.longs === $String ? $String(m.appliedEpoch) : m.appliedEpoch;
                    else
                        d.appliedEpoch = o.longs === $String ? $util.Long.prototype.toString.call(m.appliedEpoch) : o.longs === $Number ? new $util.LongBits(m.appliedEpoch.low >>> 0, m.appliedEpoch.high >>> 0).toNumber(true) : m.appliedEpoch;
                }
                if (m.appliedGeneration != null && $Object.hasOwnProperty.call(m, "appliedGeneration")) {
                    if (typeof $BigInt !== "undefined" && o.longs === $BigInt)
                        d.appliedGeneration = typeof m.appliedGeneration === "number" ? $BigInt(m.appliedGeneration) : $util.Long.fromBits(m.appliedGeneration.low >>> 0, m.appliedGeneration.high >>> 0, true).toBigInt();
                    else if (typeof m.appliedGeneration === "number")
                        d.appliedGeneration = o.longs === $String ? $String(m.appliedGeneration) : m.appliedGeneration;
                    else
                        d.appliedGeneration = o.longs === $String ? $util.Long.prototype.toString.call(m.appliedGeneration) : o.longs === $Number ? new $util.LongBits(m.appliedGeneration.low >>> 0, m.appliedGeneration.high >>> 0).toNumber(true) : m.appliedGeneration;
                }
                return d;
            };

            /**
             * Converts this Heartbeat to JSON.
             * @function toJSON
             * @memberof k3sgrid.v1.Heartbeat
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Heartbeat.prototype.toJSON = function() {
                return Heartbeat.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for Heartbeat
             * @function getTypeUrl
             * @memberof k3sgrid.v1.Heartbeat
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            Heartbeat.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/k3sgrid.v1.Heartbeat";
            };

            return Heartbeat;
        })();

        /**
         * CapabilitySource enum.
         * @name k3sgrid.v1.CapabilitySource
         * @enum {number}
         * @property {number} SOURCE_UNSPECIFIED=0 SOURCE_UNSPECIFIED value
         * @property {number} SOURCE_PROC_MODULES=1 SOURCE_PROC_MODULES value
         * @property {number} SOURCE_MODULES_BUILTIN=2 SOURCE_MODULES_BUILTIN value
         * @property {number} SOURCE_MODULES_DEP=3 SOURCE_MODULES_DEP value
         * @property {number} SOURCE_MODULES_ORDER=4 SOURCE_MODULES_ORDER value
         * @property {number} SOURCE_KERNEL_CONFIG=5 SOURCE_KERNEL_CONFIG value
         * @property {number} SOURCE_NONE=6 SOURCE_NONE value
         */
        v1.CapabilitySource = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "SOURCE_UNSPECIFIED"] = 0;
            values[valuesById[1] = "SOURCE_PROC_MODULES"] = 1;
            values[valuesById[2] = "SOURCE_MODULES_BUILTIN"] = 2;
            values[valuesById[3] = "SOURCE_MODULES_DEP"] = 3;
            values[valuesById[4] = "SOURCE_MODULES_ORDER"] = 4;
            values[valuesById[5] = "SOURCE_KERNEL_CONFIG"] = 5;
            values[valuesById[6] = "SOURCE_NONE"] = 6;
            return values;
        })();

        v1.ModuleState = (function() {

            /**
             * Properties of a ModuleState.
             * @typedef {Object} k3sgrid.v1.ModuleState.$Properties
             * @property {string|null} [name] ModuleState name
             * @property {string|null} [configSymbol] ModuleState configSymbol
             * @property {string|null} [state] ModuleState state
             * @property {string|null} [sourceFile] ModuleState sourceFile
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a ModuleState.
             * @memberof k3sgrid.v1
             * @interface IModuleState
             * @augments k3sgrid.v1.ModuleState.$Properties
             * @deprecated Use k3sgrid.v1.ModuleState.$Properties instead.
             */

            /**
             * Shape of a ModuleState.
             * @typedef {k3sgrid.v1.ModuleState.$Properties} k3sgrid.v1.ModuleState.$Shape
             */

            /**
             * Constructs a new ModuleState.
             * @memberof k3sgrid.v1
             * @classdesc Represents a ModuleState.
             * @constructor
             * @param {k3sgrid.v1.ModuleState.$Properties=} [p] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const ModuleState = function (p) {
                if (p)
                    for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            };

            /**
             * ModuleState name.
             * @member {string} name
             * @memberof k3sgrid.v1.ModuleState
             * @instance
             */
            ModuleState.prototype.name = "";

            /**
             * ModuleState configSymbol.
             * @member {string} configSymbol
             * @memberof k3sgrid.v1.ModuleState
             * @instance
             */
            ModuleState.prototype.configSymbol = "";

            /**
             * ModuleState state.
             * @member {string} state
             * @memberof k3sgrid.v1.ModuleState
             * @instance
             */
            ModuleState.prototype.state = "";

            /**
             * ModuleState sourceFile.
             * @member {string} sourceFile
             * @memberof k3sgrid.v1.ModuleState
             * @instance
             */
            ModuleState.prototype.sourceFile = "";

            /**
             * Creates a new ModuleState instance using the specified properties.
             * @function create
             * @memberof k3sgrid.v1.ModuleState
             * @static
             * @param {k3sgrid.v1.ModuleState.$Properties=} [properties] Properties to set
             * @returns {k3sgrid.v1.ModuleState} ModuleState instance
             * @type {{
             *   (properties: k3sgrid.v1.ModuleState.$Shape): k3sgrid.v1.ModuleState & k3sgrid.v1.ModuleState.$Shape;
             *   (properties?: k3sgrid.v1.ModuleState.$Properties): k3sgrid.v1.ModuleState;
             * }}
             */
            ModuleState.create = function(properties) {
                return new ModuleState(properties);
            };

            /**
             * Encodes the specified ModuleState message. Does not implicitly {@link k3sgrid.v1.ModuleState.verify|verify} messages.
             * @function encode
             * @memberof k3sgrid.v1.ModuleState
             * @static
             * @param {k3sgrid.v1.ModuleState.$Properties} m ModuleState message or plain object to encode
             * @param {$protobuf.Writer} [w] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ModuleState.encode = function (m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (m.name != null && $Object.hasOwnProperty.call(m, "name") && m.name !== "")
                    w.uint32(/* id 1, wireType 2 =*/10).string(m.name);
                if (m.configSymbol != null && $Object.hasOwnProperty.call(m, "configSymbol") && m.configSymbol !== "")
                    w.uint32(/* id 2, wireType 2 =*/18).string(m.configSymbol);
                if (m.state != null && $Object.hasOwnProperty.call(m, "state") && m.state !== "")
                    w.uint32(/* id 3, wireType 2 =*/26).string(m.state);
                if (m.sourceFile != null && $Object.hasOwnProperty.call(m, "sourceFile") && m.sourceFile !== "")
                    w.uint32(/* id 4, wireType 2 =*/34).string(m.sourceFile);
                if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                    for (var i = 0; i < m.$unknowns.length; ++i)
                        w.raw(m.$unknowns[i]);
                return w;
            };

            /**
             * Encodes the specified ModuleState message, length delimited. Does not implicitly {@link k3sgrid.v1.ModuleState.verify|verify} messages.
             * @function encodeDelimited
             * @memberof k3sgrid.v1.ModuleState
             * @static
             * @param {k3sgrid.v1.ModuleState.$Properties} message ModuleState message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ModuleState.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a ModuleState message from the specified reader or buffer.
             * @function decode
             * @memberof k3sgrid.v1.ModuleState
             * @static
             * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
             * @param {number} [l] Message length if known beforehand
             * @returns {k3sgrid.v1.ModuleState & k3sgrid.v1.ModuleState.$Shape} ModuleState
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ModuleState.decode = function (r, l, z, q, g) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (q === $undefined)
                    q = 0;
                if (q > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var c, m, v;
                if (l === $undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw $RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = g || new $root.k3sgrid.v1.ModuleState();
                while (r.pos < c) {
                    var s = r.pos;
                    var t = r.tag();
                    if (t === z) {
                        z = $undefined;
                        break;
                    }
                    var u = t & 7;
                    switch (t >>>= 3) {
                    case 1: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.name = v;
                            else
                                delete m.name;
                            continue;
                        }
                    case 2: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.configSymbol = v;
                            else
                                delete m.configSymbol;
                            continue;
                        }
                    case 3: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.state = v;
                            else
                                delete m.state;
                            continue;
                        }
                    case 4: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.sourceFile = v;
                            else
                                delete m.sourceFile;
                            continue;
                        }
                    }
                    r.skipType(u, q, t);
                    if (!r.discardUnknown) {
                        $util.makeProp(m, "$unknowns", false);
                        (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                    }
                }
                if (l !== $undefined) {
                    if (r.pos !== c)
                        throw $RangeError("index out of range");
                    r.len = l;
                }
                if (z !== $undefined)
                    throw $Error("missing end group");
                return m;
            };

            /**
             * Decodes a ModuleState message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof k3sgrid.v1.ModuleState
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {k3sgrid.v1.ModuleState & k3sgrid.v1.ModuleState.$Shape} ModuleState
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ModuleState.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a ModuleState message.
             * @function verify
             * @memberof k3sgrid.v1.ModuleState
             * @static
             * @param {Object.<string,*>} m Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            ModuleState.verify = function (m, q) {
                if (typeof m !== "object" || m === null)
                    return "object expected";
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    return "max depth exceeded";
                if (m.name != null && $Object.hasOwnProperty.call(m, "name")) {
                    if (!$util.isString(m.name))
                        return "name: string expected";
                }
                if (m.configSymbol != null && $Object.hasOwnProperty.call(m, "configSymbol")) {
                    if (!$util.isString(m.configSymbol))
                        return "configSymbol: string expected";
                }
                if (m.state != null && $Object.hasOwnProperty.call(m, "state")) {
                    if (!$util.isString(m.state))
                        return "state: string expected";
                }
                if (m.sourceFile != null && $Object.hasOwnProperty.call(m, "sourceFile")) {
                    if (!$util.isString(m.sourceFile))
                        return "sourceFile: string expected";
                }
                return null;
            };

            /**
             * Creates a ModuleState message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof k3sgrid.v1.ModuleState
             * @static
             * @param {Object.<string,*>} d Plain object
             * @returns {k3sgrid.v1.ModuleState} ModuleState
             */
            ModuleState.fromObject = function (d, q) {
                if (d instanceof $root.k3sgrid.v1.ModuleState)
                    return d;
                if (!$util.isObject(d))
                    throw $TypeError(".k3sgrid.v1.ModuleState: object expected");
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                var m = new $root.k3sgrid.v1.ModuleState();
                if (d.name != null) {
                    if (typeof d.name !== "string" || d.name.length) {
                        m.name = $String(d.name);
                    }
                }
                if (d.configSymbol != null) {
                    if (typeof d.configSymbol !== "string" || d.configSymbol.length) {
                        m.configSymbol = $String(d.configSymbol);
                    }
                }
                if (d.state != null) {
                    if (typeof d.state !== "string" || d.state.length) {
                        m.state = $String(d.state);
                    }
                }
                if (d.sourceFile != null) {
                    if (typeof d.sourceFile !== "string" || d.sourceFile.length) {
                        m.sourceFile = $String(d.sourceFile);
                    }
                }
                return m;
            };

            /**
             * Creates a plain object from a ModuleState message. Also converts values to other types if specified.
             * @function toObject
             * @memberof k3sgrid.v1.ModuleState
             * @static
             * @param {k3sgrid.v1.ModuleState} m ModuleState
             * @param {$protobuf.IConversionOptions} [o] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            ModuleState.toObject = function (m, o, q) {
                if (!o)
                    o = {};
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                var d = {};
                if (o.defaults) {
                    d.name = "";
                    d.configSymbol = "";
                    d.state = "";
                    d.sourceFile = "";
                }
                if (m.name != null && $Object.hasOwnProperty.call(m, "name")) {
                    d.name = m.name;
                }
                if (m.configSymbol != null && $Object.hasOwnProperty.call(m, "configSymbol")) {
                    d.configSymbol = m.configSymbol;
                }
                if (m.state != null && $Object.hasOwnProperty.call(m, "state")) {
                    d.state = m.state;
                }
                if (m.sourceFile != null && $Object.hasOwnProperty.call(m, "sourceFile")) {
                    d.sourceFile = m.sourceFile;
                }
                return d;
            };

            /**
             * Converts this ModuleState to JSON.
             * @function toJSON
             * @memberof k3sgrid.v1.ModuleState
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            ModuleState.prototype.toJSON = function() {
                return ModuleState.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for ModuleState
             * @function getTypeUrl
             * @memberof k3sgrid.v1.ModuleState
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            ModuleState.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/k3sgrid.v1.ModuleState";
            };

            return ModuleState;
        })();

        v1.ToolState = (function() {

            /**
             * Properties of a ToolState.
             * @typedef {Object} k3sgrid.v1.ToolState.$Properties
             * @property {string|null} [name] ToolState name
             * @property {boolean|null} [present] ToolState present
             * @property {string|null} [path] ToolState path
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a ToolState.
             * @memberof k3sgrid.v1
             * @interface IToolState
             * @augments k3sgrid.v1.ToolState.$Properties
             * @deprecated Use k3sgrid.v1.ToolState.$Properties instead.
             */

            /**
             * Shape of a ToolState.
             * @typedef {k3sgrid.v1.ToolState.$Properties} k3sgrid.v1.ToolState.$Shape
             */

            /**
             * Constructs a new ToolState.
             * @memberof k3sgrid.v1
             * @classdesc Represents a ToolState.
             * @constructor
             * @param {k3sgrid.v1.ToolState.$Properties=} [p] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const ToolState = function (p) {
                if (p)
                    for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            };

            /**
             * ToolState name.
             * @member {string} name
             * @memberof k3sgrid.v1.ToolState
             * @instance
             */
            ToolState.prototype.name = "";

            /**
             * ToolState present.
             * @member {boolean} present
             * @memberof k3sgrid.v1.ToolState
             * @instance
             */
            ToolState.prototype.present = false;

            /**
             * ToolState path.
             * @member {string} path
             * @memberof k3sgrid.v1.ToolState
             * @instance
             */
            ToolState.prototype.path = "";

            /**
             * Creates a new ToolState instance using the specified properties.
             * @function create
             * @memberof k3sgrid.v1.ToolState
             * @static
             * @param {k3sgrid.v1.ToolState.$Properties=} [properties] Properties to set
             * @returns {k3sgrid.v1.ToolState} ToolState instance
             * @type {{
             *   (properties: k3sgrid.v1.ToolState.$Shape): k3sgrid.v1.ToolState & k3sgrid.v1.ToolState.$Shape;
             *   (properties?: k3sgrid.v1.ToolState.$Properties): k3sgrid.v1.ToolState;
             * }}
             */
            ToolState.create = function(properties) {
                return new ToolState(properties);
            };

            /**
             * Encodes the specified ToolState message. Does not implicitly {@link k3sgrid.v1.ToolState.verify|verify} messages.
             * @function encode
             * @memberof k3sgrid.v1.ToolState
             * @static
             * @param {k3sgrid.v1.ToolState.$Properties} m ToolState message or plain object to encode
             * @param {$protobuf.Writer} [w] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ToolState.encode = function (m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (m.name != null && $Object.hasOwnProperty.call(m, "name") && m.name !== "")
                    w.uint32(/* id 1, wireType 2 =*/10).string(m.name);
                if (m.present != null && $Object.hasOwnProperty.call(m, "present") && m.present !== false)
                    w.uint32(/* id 2, wireType 0 =*/16).bool(m.present);
                if (m.path != null && $Object.hasOwnProperty.call(m, "path") && m.path !== "")
                    w.uint32(/* id 3, wireType 2 =*/26).string(m.path);
                if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                    for (var i = 0; i < m.$unknowns.length; ++i)
                        w.raw(m.$unknowns[i]);
                return w;
            };

            /**
             * Encodes the specified ToolState message, length delimited. Does not implicitly {@link k3sgrid.v1.ToolState.verify|verify} messages.
             * @function encodeDelimited
             * @memberof k3sgrid.v1.ToolState
             * @static
             * @param {k3sgrid.v1.ToolState.$Properties} message ToolState message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ToolState.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a ToolState message from the specified reader or buffer.
             * @function decode
             * @memberof k3sgrid.v1.ToolState
             * @static
             * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
             * @param {number} [l] Message length if known beforehand
             * @returns {k3sgrid.v1.ToolState & k3sgrid.v1.ToolState.$Shape} ToolState
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ToolState.decode = function (r, l, z, q, g) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (q === $undefined)
                    q = 0;
                if (q > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var c, m, v;
                if (l === $undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw $RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = g || new $root.k3sgrid.v1.ToolState();
                while (r.pos < c) {
                    var s = r.pos;
                    var t = r.tag();
                    if (t === z) {
                        z = $undefined;
                        break;
                    }
                    var u = t & 7;
                    switch (t >>>= 3) {
                    case 1: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.name = v;
                            else
                                delete m.name;
                            continue;
                        }
                    case 2: {
                            if (u !== 0)
                                break;
                            if (v = r.bool())
                                m.present = v;
                            else
                                delete m.present;
                            continue;
                        }
                    case 3: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.path = v;
                            else
                                delete m.path;
                            continue;
                        }
                    }
                    r.skipType(u, q, t);
                    if (!r.discardUnknown) {
                        $util.makeProp(m, "$unknowns", false);
                        (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                    }
                }
                if (l !== $undefined) {
                    if (r.pos !== c)
                        throw $RangeError("index out of range");
                    r.len = l;
                }
                if (z !== $undefined)
                    throw $Error("missing end group");
                return m;
            };

            /**
             * Decodes a ToolState message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof k3sgrid.v1.ToolState
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {k3sgrid.v1.ToolState & k3sgrid.v1.ToolState.$Shape} ToolState
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ToolState.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a ToolState message.
             * @function verify
             * @memberof k3sgrid.v1.ToolState
             * @static
             * @param {Object.<string,*>} m Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            ToolState.verify = function (m, q) {
                if (typeof m !== "object" || m === null)
                    return "object expected";
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    return "max depth exceeded";
                if (m.name != null && $Object.hasOwnProperty.call(m, "name")) {
                    if (!$util.isString(m.name))
                        return "name: string expected";
                }
                if (m.present != null && $Object.hasOwnProperty.call(m, "present")) {
                    if (typeof m.present !== "boolean")
                        return "present: boolean expected";
                }
                if (m.path != null && $Object.hasOwnProperty.call(m, "path")) {
                    if (!$util.isString(m.path))
                        return "path: string expected";
                }
                return null;
            };

            /**
             * Creates a ToolState message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof k3sgrid.v1.ToolState
             * @static
             * @param {Object.<string,*>} d Plain object
             * @returns {k3sgrid.v1.ToolState} ToolState
             */
            ToolState.fromObject = function (d, q) {
                if (d instanceof $root.k3sgrid.v1.ToolState)
                    return d;
                if (!$util.isObject(d))
                    throw $TypeError(".k3sgrid.v1.ToolState: object expected");
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                var m = new $root.k3sgrid.v1.ToolState();
                if (d.name != null) {
                    if (typeof d.name !== "string" || d.name.length) {
                        m.name = $String(d.name);
                    }
                }
                if (d.present != null) {
                    if (d.present) {
                        m.present = $Boolean(d.present);
                    }
                }
                if (d.path != null) {
                    if (typeof d.path !== "string" || d.path.length) {
                        m.path = $String(d.path);
                    }
                }
                return m;
            };

            /**
             * Creates a plain object from a ToolState message. Also converts values to other types if specified.
             * @function toObject
             * @memberof k3sgrid.v1.ToolState
             * @static
             * @param {k3sgrid.v1.ToolState} m ToolState
             * @param {$protobuf.IConversionOptions} [o] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            ToolState.toObject = function (m, o, q) {
                if (!o)
                    o = {};
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                var d = {};
                if (o.defaults) {
                    d.name = "";
                    d.present = false;
                    d.path = "";
                }
                if (m.name != null && $Object.hasOwnProperty.call(m, "name")) {
                    d.name = m.name;
                }
                if (m.present != null && $Object.hasOwnProperty.call(m, "present")) {
                    d.present = m.present;
                }
                if (m.path != null && $Object.hasOwnProperty.call(m, "path")) {
                    d.path = m.path;
                }
                return d;
            };

            /**
             * Converts this ToolState to JSON.
             * @function toJSON
             * @memberof k3sgrid.v1.ToolState
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            ToolState.prototype.toJSON = function() {
                return ToolState.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for ToolState
             * @function getTypeUrl
             * @memberof k3sgrid.v1.ToolState
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            ToolState.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/k3sgrid.v1.ToolState";
            };

            return ToolState;
        })();

        v1.DiskInfo = (function() {

            /**
             * Properties of a DiskInfo.
             * @typedef {Object} k3sgrid.v1.DiskInfo.$Properties
             * @property {string|null} [name] DiskInfo name
             * @property {number|null} [sizeBytes] DiskInfo sizeBytes
             * @property {boolean|null} [unused] DiskInfo unused
             * @property {string|null} [type] DiskInfo type
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a DiskInfo.
             * @memberof k3sgrid.v1
             * @interface IDiskInfo
             * @augments k3sgrid.v1.DiskInfo.$Properties
             * @deprecated Use k3sgrid.v1.DiskInfo.$Properties instead.
             */

            /**
             * Shape of a DiskInfo.
             * @typedef {k3sgrid.v1.DiskInfo.$Properties} k3sgrid.v1.DiskInfo.$Shape
             */

            /**
             * Constructs a new DiskInfo.
             * @memberof k3sgrid.v1
             * @classdesc Represents a DiskInfo.
             * @constructor
             * @param {k3sgrid.v1.DiskInfo.$Properties=} [p] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const DiskInfo = function (p) {
                if (p)
                    for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            };

            /**
             * DiskInfo name.
             * @member {string} name
             * @memberof k3sgrid.v1.DiskInfo
             * @instance
             */
            DiskInfo.prototype.name = "";

            /**
             * DiskInfo sizeBytes.
             * @member {number} sizeBytes
             * @memberof k3sgrid.v1.DiskInfo
             * @instance
             */
            DiskInfo.prototype.sizeBytes = 0;

            /**
             * DiskInfo unused.
             * @member {boolean} unused
             * @memberof k3sgrid.v1.DiskInfo
             * @instance
             */
            DiskInfo.prototype.unused = false;

            /**
             * DiskInfo type.
             * @member {string} type
             * @memberof k3sgrid.v1.DiskInfo
             * @instance
             */
            DiskInfo.prototype.type = "";

            /**
             * Creates a new DiskInfo instance using the specified properties.
             * @function create
             * @memberof k3sgrid.v1.DiskInfo
             * @static
             * @param {k3sgrid.v1.DiskInfo.$Properties=} [properties] Properties to set
             * @returns {k3sgrid.v1.DiskInfo} DiskInfo instance
             * @type {{
             *   (properties: k3sgrid.v1.DiskInfo.$Shape): k3sgrid.v1.DiskInfo & k3sgrid.v1.DiskInfo.$Shape;
             *   (properties?: k3sgrid.v1.DiskInfo.$Properties): k3sgrid.v1.DiskInfo;
             * }}
             */
            DiskInfo.create = function(properties) {
                return new DiskInfo(properties);
            };

            /**
             * Encodes the specified DiskInfo message. Does not implicitly {@link k3sgrid.v1.DiskInfo.verify|verify} messages.
             * @function encode
             * @memberof k3sgrid.v1.DiskInfo
             * @static
             * @param {k3sgrid.v1.DiskInfo.$Properties} m DiskInfo message or plain object to encode
             * @param {$protobuf.Writer} [w] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            DiskInfo.encode = function (m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (m.name != null && $Object.hasOwnProperty.call(m, "name") && m.name !== "")
                    w.uint32(/* id 1, wireType 2 =*/10).string(m.name);
                if (m.sizeBytes != null && $Object.hasOwnProperty.call(m, "sizeBytes") && (typeof m.sizeBytes === "object" ? m.sizeBytes.low || m.sizeBytes.high : m.sizeBytes !== 0))
                    w.uint32(/* id 2, wireType 0 =*/16).uint64(m.sizeBytes);
                if (m.unused != null && $Object.hasOwnProperty.call(m, "unused") && m.unused !== false)
                    w.uint32(/* id 3, wireType 0 =*/24).bool(m.unused);
                if (m.type != null && $Object.hasOwnProperty.call(m, "type") && m.type !== "")
                    w.uint32(/* id 4, wireType 2 =*/34).string(m.type);
                if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                    for (var i = 0; i < m.$unknowns.length; ++i)
                        w.raw(m.$unknowns[i]);
                return w;
            };

            /**
             * Encodes the specified DiskInfo message, length delimited. Does not implicitly {@link k3sgrid.v1.DiskInfo.verify|verify} messages.
             * @function encodeDelimited
             * @memberof k3sgrid.v1.DiskInfo
             * @static
             * @param {k3sgrid.v1.DiskInfo.$Properties} message DiskInfo message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            DiskInfo.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a DiskInfo message from the specified reader or buffer.
             * @function decode
             * @memberof k3sgrid.v1.DiskInfo
             * @static
             * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
             * @param {number} [l] Message length if known beforehand
             * @returns {k3sgrid.v1.DiskInfo & k3sgrid.v1.DiskInfo.$Shape} DiskInfo
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            DiskInfo.decode = function (r, l, z, q, g) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (q === $undefined)
                    q = 0;
                if (q > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var c, m, v;
                if (l === $undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw $RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = g || new $root.k3sgrid.v1.DiskInfo();
                while (r.pos < c) {
                    var s = r.pos;
                    var t = r.tag();
                    if (t === z) {
                        z = $undefined;
                        break;
                    }
                    var u = t & 7;
                    switch (t >>>= 3) {
                    case 1: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.name = v;
                            else
                                delete m.name;
                            continue;
                        }
                    case 2: {
                            if (u !== 0)
                                break;
                            if (typeof (v = r.uint64()) === "object" ? v.low || v.high : v !== 0)
                                m.sizeBytes = v;
                            else
                                delete m.sizeBytes;
                            continue;
                        }
                    case 3: {
                            if (u !== 0)
                                break;
                            if (v = r.bool())
                                m.unused = v;
                            else
                                delete m.unused;
                            continue;
                        }
                    case 4: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.type = v;
                            else
                                delete m.type;
                            continue;
                        }
                    }
                    r.skipType(u, q, t);
                    if (!r.discardUnknown) {
                        $util.makeProp(m, "$unknowns", false);
                        (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                    }
                }
                if (l !== $undefined) {
                    if (r.pos !== c)
                        throw $RangeError("index out of range");
                    r.len = l;
                }
                if (z !== $undefined)
                    throw $Error("missing end group");
                return m;
            };

            /**
             * Decodes a DiskInfo message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof k3sgrid.v1.DiskInfo
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {k3sgrid.v1.DiskInfo & k3sgrid.v1.DiskInfo.$Shape} DiskInfo
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            DiskInfo.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a DiskInfo message.
             * @function verify
             * @memberof k3sgrid.v1.DiskInfo
             * @static
             * @param {Object.<string,*>} m Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            DiskInfo.verify = function (m, q) {
                if (typeof m !== "object" || m === null)
                    return "object expected";
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    return "max depth exceeded";
                if (m.name != null && $Object.hasOwnProperty.call(m, "name")) {
                    if (!$util.isString(m.name))
                        return "name: string expected";
                }
                if (m.sizeBytes != null && $Object.hasOwnProperty.call(m, "sizeBytes")) {
                    if (!$util.isInteger(m.sizeBytes) && !(m.sizeBytes && $util.isInteger(m.sizeBytes.low) && $util.isInteger(m.sizeBytes.high)))
                        return "sizeBytes: integer|Long expected";
                }
                if (m.unused != null && $Object.hasOwnProperty.call(m, "unused")) {
                    if (typeof m.unused !== "boolean")
                        return "unused: boolean expected";
                }
                if (m.type != null && $Object.hasOwnProperty.call(m, "type")) {
                    if (!$util.isString(m.type))
                        return "type: string expected";
                }
                return null;
            };

            /**
             * Creates a DiskInfo message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof k3sgrid.v1.DiskInfo
             * @static
             * @param {Object.<string,*>} d Plain object
             * @returns {k3sgrid.v1.DiskInfo} DiskInfo
             */
            DiskInfo.fromObject = function (d, q) {
                if (d instanceof $root.k3sgrid.v1.DiskInfo)
                    return d;
                if (!$util.isObject(d))
                    throw $TypeError(".k3sgrid.v1.DiskInfo: object expected");
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                var m = new $root.k3sgrid.v1.DiskInfo();
                if (d.name != null) {
                    if (typeof d.name !== "string" || d.name.length) {
                        m.name = $String(d.name);
                    }
                }
                if (d.sizeBytes != null) {
                    if (typeof d.sizeBytes === "object" ? d.sizeBytes.low || d.sizeBytes.high : $Number(d.sizeBytes) !== 0) {
                        if ($util.Long)
                            m.sizeBytes = $util.Long.fromValue(d.sizeBytes, true);
                        else if (typeof d.sizeBytes === "string")
                            m.sizeBytes = $parseInt(d.sizeBytes, 10);
                        else if (typeof d.sizeBytes === "number")
                            m.sizeBytes = d.sizeBytes;
                        else if (typeof d.sizeBytes === "object")
                            m.sizeBytes = new $util.LongBits(d.sizeBytes.low >>> 0, d.sizeBytes.high >>> 0).toNumber(true);
                    }
                }
                if (d.unused != null) {
                    if (d.unused) {
                        m.unused = $Boolean(d.unused);
                    }
                }
                if (d.type != null) {
                    if (typeof d.type !== "string" || d.type.length) {
                        m.type = $String(d.type);
                    }
                }
                return m;
            };

            /**
             * Creates a plain object from a DiskInfo message. Also converts values to other types if specified.
             * @function toObject
             * @memberof k3sgrid.v1.DiskInfo
             * @static
             * @param {k3sgrid.v1.DiskInfo} m DiskInfo
             * @param {$protobuf.IConversionOptions} [o] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            DiskInfo.toObject = function (m, o, q) {
                if (!o)
                    o = {};
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                var d = {};
                if (o.defaults) {
                    d.name = "";
                    if ($util.Long) {
                        var n = new $util.Long(0, 0, true);
                        d.sizeBytes = o.longs === $String ? n.toString() : o.longs === $Number ? n.toNumber() : typeof $BigInt !== "undefined" && o.longs === $BigInt ? n.toBigInt() : n;
                    } else
                        d.sizeBytes = o.longs === $String ? "0" : typeof $BigInt !== "undefined" && o.longs === $BigInt ? $BigInt("0") : 0;
                    d.unused = false;
                    d.type = "";
                }
                if (m.name != null && $Object.hasOwnProperty.call(m, "name")) {
                    d.name = m.name;
                }
                if (m.sizeBytes != null && $Object.hasOwnProperty.call(m, "sizeBytes")) {
                    if (typeof $BigInt !== "undefined" && o.longs === $BigInt)
                        d.sizeBytes = typeof m.sizeBytes === "number" ? $BigInt(m.sizeBytes) : $util.Long.fromBits(m.sizeBytes.low >>> 0, m.sizeBytes.high >>> 0, true).toBigInt();
                    else if (typeof m.sizeBytes === "number")
                        d.sizeBytes = o.longs === $String ? $String(m.sizeBytes) : m.sizeBytes;
                    else
                        d.sizeBytes = o.longs === $String ? $util.Long.prototype.toString.call(m.sizeBytes) : o.longs === $Number ? new $util.LongBits(m.sizeBytes.low >>> 0, m.sizeBytes.high >>> 0).toNumber(true) : m.sizeBytes;
                }
                if (m.unused != null && $Object.hasOwnProperty.call(m, "unused")) {
                    d.unused = m.unused;
                }
                if (m.type != null && $Object.hasOwnProperty.call(m, "type")) {
                    d.type = m.type;
                }
                return d;
            };

            /**
             * Converts this DiskInfo to JSON.
             * @function toJSON
             * @memberof k3sgrid.v1.DiskInfo
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            DiskInfo.prototype.toJSON = function() {
                return DiskInfo.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for DiskInfo
             * @function getTypeUrl
             * @memberof k3sgrid.v1.DiskInfo
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            DiskInfo.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/k3sgrid.v1.DiskInfo";
            };

            return DiskInfo;
        })();

        v1.CapabilityReport = (function() {

            /**
             * Properties of a CapabilityReport.
             * @typedef {Object} k3sgrid.v1.CapabilityReport.$Properties
             * @property {string|null} [kernelRelease] CapabilityReport kernelRelease
             * @property {Array.<k3sgrid.v1.ModuleState.$Properties>|null} [modules] CapabilityReport modules
             * @property {Array.<k3sgrid.v1.ToolState.$Properties>|null} [tools] CapabilityReport tools
             * @property {string|null} [initSystem] CapabilityReport initSystem
             * @property {number|null} [cgroupVersion] CapabilityReport cgroupVersion
             * @property {number|null} [cpuCount] CapabilityReport cpuCount
             * @property {number|null} [memoryBytes] CapabilityReport memoryBytes
             * @property {Array.<k3sgrid.v1.DiskInfo.$Properties>|null} [disks] CapabilityReport disks
             * @property {Array.<string>|null} [addresses] CapabilityReport addresses
             * @property {string|null} [gridFarmId] CapabilityReport gridFarmId
             * @property {string|null} [gridNodeId] CapabilityReport gridNodeId
             * @property {string|null} [publicIp] CapabilityReport publicIp
             * @property {string|null} [arch] CapabilityReport arch
             * @property {string|null} [hostname] CapabilityReport hostname
             * @property {string|null} [kernelConfigSource] CapabilityReport kernelConfigSource
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a CapabilityReport.
             * @memberof k3sgrid.v1
             * @interface ICapabilityReport
             * @augments k3sgrid.v1.CapabilityReport.$Properties
             * @deprecated Use k3sgrid.v1.CapabilityReport.$Properties instead.
             */

            /**
             * Shape of a CapabilityReport.
             * @typedef {k3sgrid.v1.CapabilityReport.$Properties} k3sgrid.v1.CapabilityReport.$Shape
             */

            /**
             * Constructs a new CapabilityReport.
             * @memberof k3sgrid.v1
             * @classdesc Represents a CapabilityReport.
             * @constructor
             * @param {k3sgrid.v1.CapabilityReport.$Properties=} [p] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const CapabilityReport = function (p) {
                this.modules = [];
                this.tools = [];
                this.disks = [];
                this.addresses = [];
                if (p)
                    for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            };

            /**
             * CapabilityReport kernelRelease.
             * @member {string} kernelRelease
             * @memberof k3sgrid.v1.CapabilityReport
             * @instance
             */
            CapabilityReport.prototype.kernelRelease = "";

            /**
             * CapabilityReport modules.
             * @member {Array.<k3sgrid.v1.ModuleState.$Properties>} modules
             * @memberof k3sgrid.v1.CapabilityReport
             * @instance
             */
            CapabilityReport.prototype.modules = $util.emptyArray;

            /**
             * CapabilityReport tools.
             * @member {Array.<k3sgrid.v1.ToolState.$Properties>} tools
             * @memberof k3sgrid.v1.CapabilityReport
             * @instance
             */
            CapabilityReport.prototype.tools = $util.emptyArray;

            /**
             * CapabilityReport initSystem.
             * @member {string} initSystem
             * @memberof k3sgrid.v1.CapabilityReport
             * @instance
             */
            CapabilityReport.prototype.initSystem = "";

            /**
             * CapabilityReport cgroupVersion.
             * @member {number} cgroupVersion
             * @memberof k3sgrid.v1.CapabilityReport
             * @instance
             */
            CapabilityReport.prototype.cgroupVersion = 0;

            /**
             * CapabilityReport cpuCount.
             * @member {number} cpuCount
             * @memberof k3sgrid.v1.CapabilityReport
             * @instance
             */
            CapabilityReport.prototype.cpuCount = 0;

            /**
             * CapabilityReport memoryBytes.
             * @member {number} memoryBytes
             * @memberof k3sgrid.v1.CapabilityReport
             * @instance
             */
            CapabilityReport.prototype.memoryBytes = 0;

            /**
             * CapabilityReport disks.
             * @member {Array.<k3sgrid.v1.DiskInfo.$Properties>} disks
             * @memberof k3sgrid.v1.CapabilityReport
             * @instance
             */
            CapabilityReport.prototype.disks = $util.emptyArray;

            /**
             * CapabilityReport addresses.
             * @member {Array.<string>} addresses
             * @memberof k3sgrid.v1.CapabilityReport
             * @instance
             */
            CapabilityReport.prototype.addresses = $util.emptyArray;

            /**
             * CapabilityReport gridFarmId.
             * @member {string} gridFarmId
             * @memberof k3sgrid.v1.CapabilityReport
             * @instance
             */
            CapabilityReport.prototype.gridFarmId = "";

            /**
             * CapabilityReport gridNodeId.
             * @member {string} gridNodeId
             * @memberof k3sgrid.v1.CapabilityReport
             * @instance
             */
            CapabilityReport.prototype.gridNodeId = "";

            /**
             * CapabilityReport publicIp.
             * @member {string} publicIp
             * @memberof k3sgrid.v1.CapabilityReport
             * @instance
             */
            CapabilityReport.prototype.publicIp = "";

            /**
             * CapabilityReport arch.
             * @member {string} arch
             * @memberof k3sgrid.v1.CapabilityReport
             * @instance
             */
            CapabilityReport.prototype.arch = "";

            /**
             * CapabilityReport hostname.
             * @member {string} hostname
             * @memberof k3sgrid.v1.CapabilityReport
             * @instance
             */
            CapabilityReport.prototype.hostname = "";

            /**
             * CapabilityReport kernelConfigSource.
             * @member {string} kernelConfigSource
             * @memberof k3sgrid.v1.CapabilityReport
             * @instance
             */
            CapabilityReport.prototype.kernelConfigSource = "";

            /**
             * Creates a new CapabilityReport instance using the specified properties.
             * @function create
             * @memberof k3sgrid.v1.CapabilityReport
             * @static
             * @param {k3sgrid.v1.CapabilityReport.$Properties=} [properties] Properties to set
             * @returns {k3sgrid.v1.CapabilityReport} CapabilityReport instance
             * @type {{
             *   (properties: k3sgrid.v1.CapabilityReport.$Shape): k3sgrid.v1.CapabilityReport & k3sgrid.v1.CapabilityReport.$Shape;
             *   (properties?: k3sgrid.v1.CapabilityReport.$Properties): k3sgrid.v1.CapabilityReport;
             * }}
             */
            CapabilityReport.create = function(properties) {
                return new CapabilityReport(properties);
            };

            /**
             * Encodes the specified CapabilityReport message. Does not implicitly {@link k3sgrid.v1.CapabilityReport.verify|verify} messages.
             * @function encode
             * @memberof k3sgrid.v1.CapabilityReport
             * @static
             * @param {k3sgrid.v1.CapabilityReport.$Properties} m CapabilityReport message or plain object to encode
             * @param {$protobuf.Writer} [w] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            CapabilityReport.encode = function (m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (m.kernelRelease != null && $Object.hasOwnProperty.call(m, "kernelRelease") && m.kernelRelease !== "")
                    w.uint32(/* id 1, wireType 2 =*/10).string(m.kernelRelease);
                if (m.modules != null && m.modules.length) {
                    for (var i = 0; i < m.modules.length; ++i)
                        $root.k3sgrid.v1.ModuleState.encode(m.modules[i], w.uint32(/* id 2, wireType 2 =*/18).fork(), q + 1).ldelim();
                }
                if (m.tools != null && m.tools.length) {
                    for (var i = 0; i < m.tools.length; ++i)
                        $root.k3sgrid.v1.ToolState.encode(m.tools[i], w.uint32(/* id 3, wireType 2 =*/26).fork(), q + 1).ldelim();
                }
                if (m.initSystem != null && $Object.hasOwnProperty.call(m, "initSystem") && m.initSystem !== "")
                    w.uint32(/* id 4, wireType 2 =*/34).string(m.initSystem);
                if (m.cgroupVersion != null && $Object.hasOwnProperty.call(m, "cgroupVersion") && m.cgroupVersion !== 0)
                    w.uint32(/* id 5, wireType 0 =*/40).uint32(m.cgroupVersion);
                if (m.cpuCount != null && $Object.hasOwnProperty.call(m, "cpuCount") && m.cpuCount !== 0)
                    w.uint32(/* id 6, wireType 0 =*/48).uint32(m.cpuCount);
                if (m.memoryBytes != null && $Object.hasOwnProperty.call(m, "memoryBytes") && (typeof m.memoryBytes === "object" ? m.memoryBytes.low || m.memoryBytes.high : m.memoryBytes !== 0))
                    w.uint32(/* id 7, wireType 0 =*/56).uint64(m.memoryBytes);
                if (m.disks != null && m.disks.length) {
                    for (var i = 0; i < m.disks.length; ++i)
                        $root.k3sgrid.v1.DiskInfo.encode(m.disks[i], w.uint32(/* id 8, wireType 2 =*/66).fork(), q + 1).ldelim();
                }
                if (m.addresses != null && m.addresses.length) {
                    for (var i = 0; i < m.addresses.length; ++i)
                        w.uint32(/* id 9, wireType 2 =*/74).string(m.addresses[i]);
                }
                if (m.gridFarmId != null && $Object.hasOwnProperty.call(m, "gridFarmId") && m.gridFarmId !== "")
                    w.uint32(/* id 10, wireType 2 =*/82).string(m.gridFarmId);
                if (m.gridNodeId != null && $Object.hasOwnProperty.call(m, "gridNodeId") && m.gridNodeId !== "")
                    w.uint32(/* id 11, wireType 2 =*/90).string(m.gridNodeId);
                if (m.publicIp != null && $Object.hasOwnProperty.call(m, "publicIp") && m.publicIp !== "")
                    w.uint32(/* id 12, wireType 2 =*/98).string(m.publicIp);
                if (m.arch != null && $Object.hasOwnProperty.call(m, "arch") && m.arch !== "")
                    w.uint32(/* id 13, wireType 2 =*/106).string(m.arch);
                if (m.hostname != null && $Object.hasOwnProperty.call(m, "hostname") && m.hostname !== "")
                    w.uint32(/* id 14, wireType 2 =*/114).string(m.hostname);
                if (m.kernelConfigSource != null && $Object.hasOwnProperty.call(m, "kernelConfigSource") && m.kernelConfigSource !== "")
                    w.uint32(/* id 15, wireType 2 =*/122).string(m.kernelConfigSource);
                if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                    for (var i = 0; i < m.$unknowns.length; ++i)
                        w.raw(m.$unknowns[i]);
                return w;
            };

            /**
             * Encodes the specified CapabilityReport message, length delimited. Does not implicitly {@link k3sgrid.v1.CapabilityReport.verify|verify} messages.
             * @function encodeDelimited
             * @memberof k3sgrid.v1.CapabilityReport
             * @static
             * @param {k3sgrid.v1.CapabilityReport.$Properties} message CapabilityReport message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            CapabilityReport.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a CapabilityReport message from the specified reader or buffer.
             * @function decode
             * @memberof k3sgrid.v1.CapabilityReport
             * @static
             * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
             * @param {number} [l] Message length if known beforehand
             * @returns {k3sgrid.v1.CapabilityReport & k3sgrid.v1.CapabilityReport.$Shape} CapabilityReport
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            CapabilityReport.decode = function (r, l, z, q, g) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (q === $undefined)
                    q = 0;
                if (q > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var c, m, v;
                if (l === $undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw $RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = g || new $root.k3sgrid.v1.CapabilityReport();
                while (r.pos < c) {
                    var s = r.pos;
                    var t = r.tag();
                    if (t === z) {
                        z = $undefined;
                        break;
                    }
                    var u = t & 7;
                    switch (t >>>= 3) {
                    case 1: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.kernelRelease = v;
                            else
                                delete m.kernelRelease;
                            continue;
                        }
                    case 2: {
                            if (u !== 2)
                                break;
                            if (!(m.modules && m.modules.length))
                                m.modules = [];
                            m.modules.push($root.k3sgrid.v1.ModuleState.decode(r, r.size(), $undefined, q + 1));
                            continue;
                        }
                    case 3: {
                            if (u !== 2)
                                break;
                            if (!(m.tools && m.tools.length))
                                m.tools = [];
                            m.tools.push($root.k3sgrid.v1.ToolState.decode(r, r.size(), $undefined, q + 1));
                            continue;
                        }
                    case 4: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.initSystem = v;
                            else
                                delete m.initSystem;
                            continue;
                        }
                    case 5: {
                            if (u !== 0)
                                break;
                            if (v = r.uint32())
                                m.cgroupVersion = v;
                            else
                                delete m.cgroupVersion;
                            continue;
                        }
                    case 6: {
                            if (u !== 0)
                                break;
                            if (v = r.uint32())
                                m.cpuCount = v;
                            else
                                delete m.cpuCount;
                            continue;
                        }
                    case 7: {
                            if (u !== 0)
                                break;
                            if (typeof (v = r.uint64()) === "object" ? v.low || v.high : v !== 0)
                                m.memoryBytes = v;
                            else
                                delete m.memoryBytes;
                            continue;
                        }
                    case 8: {
                            if (u !== 2)
                                break;
                            if (!(m.disks && m.disks.length))
                                m.disks = [];
                            m.disks.push($root.k3sgrid.v1.DiskInfo.decode(r, r.size(), $undefined, q + 1));
                            continue;
                        }
                    case 9: {
                            if (u !== 2)
                                break;
                            if (!(m.addresses && m.addresses.length))
                                m.addresses = [];
                            m.addresses.push(r.stringVerify());
                            continue;
                        }
                    case 10: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.gridFarmId = v;
                            else
                                delete m.gridFarmId;
                            continue;
                        }
                    case 11: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.gridNodeId = v;
                            else
                                delete m.gridNodeId;
                            continue;
                        }
                    case 12: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.publicIp = v;
                            else
                                delete m.publicIp;
                            continue;
                        }
                    case 13: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.arch = v;
                            else
                                delete m.arch;
                            continue;
                        }
                    case 14: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.hostname = v;
                            else
                                delete m.hostname;
                            continue;
                        }
                    case 15: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.kernelConfigSource = v;
                            else
                                delete m.kernelConfigSource;
                            continue;
                        }
                    }
                    r.skipType(u, q, t);
                    if (!r.discardUnknown) {
                        $util.makeProp(m, "$unknowns", false);
                        (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                    }
                }
                if (l !== $undefined) {
                    if (r.pos !== c)
                        throw $RangeError("index out of range");
                    r.len = l;
                }
                if (z !== $undefined)
                    throw $Error("missing end group");
                return m;
            };

            /**
             * Decodes a CapabilityReport message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof k3sgrid.v1.CapabilityReport
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {k3sgrid.v1.CapabilityReport & k3sgrid.v1.CapabilityReport.$Shape} CapabilityReport
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            CapabilityReport.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a CapabilityReport message.
             * @function verify
             * @memberof k3sgrid.v1.CapabilityReport
             * @static
             * @param {Object.<string,*>} m Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            CapabilityReport.verify = function (m, q) {
                if (typeof m !== "object" || m === null)
                    return "object expected";
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    return "max depth exceeded";
                if (m.kernelRelease != null && $Object.hasOwnProperty.call(m, "kernelRelease")) {
                    if (!$util.isString(m.kernelRelease))
                        return "kernelRelease: string expected";
                }
                if (m.modules != null && $Object.hasOwnProperty.call(m, "modules")) {
                    if (!$Array.isArray(m.modules))
                        return "modules: array expected";
                    for (var i = 0; i < m.modules.length; ++i) {
                        {
                            var e = $root.k3sgrid.v1.ModuleState.verify(m.modules[i], q + 1);
                            if (e)
                                return "modules." + e;
                        }
                    }
                }
                if (m.tools != null && $Object.hasOwnProperty.call(m, "tools")) {
                    if (!$Array.isArray(m.tools))
                        return "tools: array expected";
                    for (var i = 0; i < m.tools.length; ++i) {
                        {
                            var e = $root.k3sgrid.v1.ToolState.verify(m.tools[i], q + 1);
                            if (e)
                                return "tools." + e;
                        }
                    }
                }
                if (m.initSystem != null && $Object.hasOwnProperty.call(m, "initSystem")) {
                    if (!$util.isString(m.initSystem))
                        return "initSystem: string expected";
                }
                if (m.cgroupVersion != null && $Object.hasOwnProperty.call(m, "cgroupVersion")) {
                    if (!$util.isInteger(m.cgroupVersion))
                        return "cgroupVersion: integer expected";
                }
                if (m.cpuCount != null && $Object.hasOwnProperty.call(m, "cpuCount")) {
                    if (!$util.isInteger(m.cpuCount))
                        return "cpuCount: integer expected";
                }
                if (m.memoryBytes != null && $Object.hasOwnProperty.call(m, "memoryBytes")) {
                    if (!$util.isInteger(m.memoryBytes) && !(m.memoryBytes && $util.isInteger(m.memoryBytes.low) && $util.isInteger(m.memoryBytes.high)))
                        return "memoryBytes: integer|Long expected";
                }
                if (m.disks != null && $Object.hasOwnProperty.call(m, "disks")) {
                    if (!$Array.isArray(m.disks))
                        return "disks: array expected";
                    for (var i = 0; i < m.disks.length; ++i) {
                        {
                            var e = $root.k3sgrid.v1.DiskInfo.verify(m.disks[i], q + 1);
                            if (e)
                                return "disks." + e;
                        }
                    }
                }
                if (m.addresses != null && $Object.hasOwnProperty.call(m, "addresses")) {
                    if (!$Array.isArray(m.addresses))
                        return "addresses: array expected";
                    for (var i = 0; i < m.addresses.length; ++i) {
                        if (!$util.isString(m.addresses[i]))
                            return "addresses: string[] expected";
                    }
                }
                if (m.gridFarmId != null && $Object.hasOwnProperty.call(m, "gridFarmId")) {
                    if (!$util.isString(m.gridFarmId))
                        return "gridFarmId: string expected";
                }
                if (m.gridNodeId != null && $Object.hasOwnProperty.call(m, "gridNodeId")) {
                    if (!$util.isString(m.gridNodeId))
                        return "gridNodeId: string expected";
                }
                if (m.publicIp != null && $Object.hasOwnProperty.call(m, "publicIp")) {
                    if (!$util.isString(m.publicIp))
                        return "publicIp: string expected";
                }
                if (m.arch != null && $Object.hasOwnProperty.call(m, "arch")) {
                    if (!$util.isString(m.arch))
                        return "arch: string expected";
                }
                if (m.hostname != null && $Object.hasOwnProperty.call(m, "hostname")) {
                    if (!$util.isString(m.hostname))
                        return "hostname: string expected";
                }
                if (m.kernelConfigSource != null && $Object.hasOwnProperty.call(m, "kernelConfigSource")) {
                    if (!$util.isString(m.kernelConfigSource))
                        return "kernelConfigSource: string expected";
                }
                return null;
            };

            /**
             * Creates a CapabilityReport message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof k3sgrid.v1.CapabilityReport
             * @static
             * @param {Object.<string,*>} d Plain object
             * @returns {k3sgrid.v1.CapabilityReport} CapabilityReport
             */
            CapabilityReport.fromObject = function (d, q) {
                if (d instanceof $root.k3sgrid.v1.CapabilityReport)
                    return d;
                if (!$util.isObject(d))
                    throw $TypeError(".k3sgrid.v1.CapabilityReport: object expected");
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                var m = new $root.k3sgrid.v1.CapabilityReport();
                if (d.kernelRelease != null) {
                    if (typeof d.kernelRelease !== "string" || d.kernelRelease.length) {
                        m.kernelRelease = $String(d.kernelRelease);
                    }
                }
                if (d.modules) {
                    if (!$Array.isArray(d.modules))
                        throw $TypeError(".k3sgrid.v1.CapabilityReport.modules: array expected");
                    m.modules = $Array(d.modules.length);
                    for (var i = 0; i < d.modules.length; ++i) {
                        if (!$util.isObject(d.modules[i]))
                            throw $TypeError(".k3sgrid.v1.CapabilityReport.modules: object expected");
                        m.modules[i] = $root.k3sgrid.v1.ModuleState.fromObject(d.modules[i], q + 1);
                    }
                }
                if (d.tools) {
                    if (!$Array.isArray(d.tools))
                        throw $TypeError(".k3sgrid.v1.CapabilityReport.tools: array expected");
                    m.tools = $Array(d.tools.length);
                    for (var i = 0; i < d.tools.length; ++i) {
                        if (!$util.isObject(d.tools[i]))
                            throw $TypeError(".k3sgrid.v1.CapabilityReport.tools: object expected");
                        m.tools[i] = $root.k3sgrid.v1.ToolState.fromObject(d.tools[i], q + 1);
                    }
                }
                if (d.initSystem != null) {
                    if (typeof d.initSystem !== "string" || d.initSystem.length) {
                        m.initSystem = $String(d.initSystem);
                    }
                }
                if (d.cgroupVersion != null) {
                    if ($Number(d.cgroupVersion) !== 0) {
                        m.cgroupVersion = d.cgroupVersion >>> 0;
                    }
                }
                if (d.cpuCount != null) {
                    if ($Number(d.cpuCount) !== 0) {
                        m.cpuCount = d.cpuCount >>> 0;
                    }
                }
                if (d.memoryBytes != null) {
                    if (typeof d.memoryBytes === "object" ? d.memoryBytes.low || d.memoryBytes.high : $Number(d.memoryBytes) !== 0) {
                        if ($util.Long)
                            m.memoryBytes = $util.Long.fromValue(d.memoryBytes, true);
                        else if (typeof d.memoryBytes === "string")
                            m.memoryBytes = $parseInt(d.memoryBytes, 10);
                        else if (typeof d.memoryBytes === "number")
                            m.memoryBytes = d.memoryBytes;
                        else if (typeof d.memoryBytes === "object")
                            m.memoryBytes = new $util.LongBits(d.memoryBytes.low >>> 0, d.memoryBytes.high >>> 0).toNumber(true);
                    }
                }
                if (d.disks) {
                    if (!$Array.isArray(d.disks))
                        throw $TypeError(".k3sgrid.v1.CapabilityReport.disks: array expected");
                    m.disks = $Array(d.disks.length);
                    for (var i = 0; i < d.disks.length; ++i) {
                        if (!$util.isObject(d.disks[i]))
                            throw $TypeError(".k3sgrid.v1.CapabilityReport.disks: object expected");
                        m.disks[i] = $root.k3sgrid.v1.DiskInfo.fromObject(d.disks[i], q + 1);
                    }
                }
                if (d.addresses) {
                    if (!$Array.isArray(d.addresses))
                        throw $TypeError(".k3sgrid.v1.CapabilityReport.addresses: array expected");
                    m.addresses = $Array(d.addresses.length);
                    for (var i = 0; i < d.addresses.length; ++i) {
                        m.addresses[i] = $String(d.addresses[i]);
                    }
                }
                if (d.gridFarmId != null) {
                    if (typeof d.gridFarmId !== "string" || d.gridFarmId.length) {
                        m.gridFarmId = $String(d.gridFarmId);
                    }
                }
                if (d.gridNodeId != null) {
                    if (typeof d.gridNodeId !== "string" || d.gridNodeId.length) {
                        m.gridNodeId = $String(d.gridNodeId);
                    }
                }
                if (d.publicIp != null) {
                    if (typeof d.publicIp !== "string" || d.publicIp.length) {
                        m.publicIp = $String(d.publicIp);
                    }
                }
                if (d.arch != null) {
                    if (typeof d.arch !== "string" || d.arch.length) {
                        m.arch = $String(d.arch);
                    }
                }
                if (d.hostname != null) {
                    if (typeof d.hostname !== "string" || d.hostname.length) {
                        m.hostname = $String(d.hostname);
                    }
                }
                if (d.kernelConfigSource != null) {
                    if (typeof d.kernelConfigSource !== "string" || d.kernelConfigSource.length) {
                        m.kernelConfigSource = $String(d.kernelConfigSource);
                    }
                }
                return m;
            };

            /**
             * Creates a plain object from a CapabilityReport message. Also converts values to other types if specified.
             * @function toObject
             * @memberof k3sgrid.v1.CapabilityReport
             * @static
             * @param {k3sgrid.v1.CapabilityReport} m CapabilityReport
             * @param {$protobuf.IConversionOptions} [o] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            CapabilityReport.toObject = function (m, o, q) {
                if (!o)
                    o = {};
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                var d = {};
                if (o.arrays || o.defaults) {
                    d.modules = [];
                    d.tools = [];
                    d.disks = [];
                    d.addresses = [];
                }
                if (o.defaults) {
                    d.kernelRelease = "";
                    d.initSystem = "";
                    d.cgroupVersion = 0;
                    d.cpuCount = 0;
                    if ($util.Long) {
                        var n = new $util.Long(0, 0, true);
                        d.memoryBytes = o.longs === $String ? n.toString() : o.longs === $Number ? n.toNumber() : typeof $BigInt !== "undefined" && o.longs === $BigInt ? n.toBigInt() : n;
                    } else
                        d.memoryBytes = o.longs === $String ? "0" : typeof $BigInt !== "undefined" && o.longs === $BigInt ? $BigInt("0") : 0;
                    d.gridFarmId = "";
                    d.gridNodeId = "";
                    d.publicIp = "";
                    d.arch = "";
                    d.hostname = "";
                    d.kernelConfigSource = "";
                }
                if (m.kernelRelease != null && $Object.hasOwnProperty.call(m, "kernelRelease")) {
                    d.kernelRelease = m.kernelRelease;
                }
                if (m.modules && m.modules.length) {
                    d.modules = $Array(m.modules.length);
                    for (var j = 0; j < m.modules.length; ++j) {
                        d.modules[j] = $root.k3sgrid.v1.ModuleState.toObject(m.modules[j], o, q + 1);
                    }
                }
                if (m.tools && m.tools.length) {
                    d.tools = $Array(m.tools.length);
                    for (var j = 0; j < m.tools.length; ++j) {
                        d.tools[j] = $root.k3sgrid.v1.ToolState.toObject(m.tools[j], o, q + 1);
                    }
                }
                if (m.initSystem != null && $Object.hasOwnProperty.call(m, "initSystem")) {
                    d.initSystem = m.initSystem;
                }
                if (m.cgroupVersion != null && $Object.hasOwnProperty.call(m, "cgroupVersion")) {
                    d.cgroupVersion = m.cgroupVersion;
                }
                if (m.cpuCount != null && $Object.hasOwnProperty.call(m, "cpuCount")) {
                    d.cpuCount = m.cpuCount;
                }
                if (m.memoryBytes != null && $Object.hasOwnProperty.call(m, "memoryBytes")) {
                    if (typeof $BigInt !== "undefined" && o.longs === $BigInt)
                        d.memoryBytes = typeof m.memoryBytes === "number" ? $BigInt(m.memoryBytes) : $util.Long.fromBits(m.memoryBytes.low >>> 0, m.memoryBytes.high >>> 0, true).toBigInt();
                    else if (typeof m.memoryBytes === "number")
                        d.memoryBytes = o.longs === $String ? $String(m.memoryBytes) : m.memoryBytes;
                    else
                        d.memoryBytes = o.longs === $String ? $util.Long.prototype.toString.call(m.memoryBytes) : o.longs === $Number ? new $util.LongBits(m.memoryBytes.low >>> 0, m.memoryBytes.high >>> 0).toNumber(true) : m.memoryBytes;
                }
                if (m.disks && m.disks.length) {
                    d.disks = $Array(m.disks.length);
                    for (var j = 0; j < m.disks.length; ++j) {
                        d.disks[j] = $root.k3sgrid.v1.DiskInfo.toObject(m.disks[j], o, q + 1);
                    }
                }
                if (m.addresses && m.addresses.length) {
                    d.addresses = $Array(m.addresses.length);
                    for (var j = 0; j < m.addresses.length; ++j) {
                        d.addresses[j] = m.addresses[j];
                    }
                }
                if (m.gridFarmId != null && $Object.hasOwnProperty.call(m, "gridFarmId")) {
                    d.gridFarmId = m.gridFarmId;
                }
                if (m.gridNodeId != null && $Object.hasOwnProperty.call(m, "gridNodeId")) {
                    d.gridNodeId = m.gridNodeId;
                }
                if (m.publicIp != null && $Object.hasOwnProperty.call(m, "publicIp")) {
                    d.publicIp = m.publicIp;
                }
                if (m.arch != null && $Object.hasOwnProperty.call(m, "arch")) {
                    d.arch = m.arch;
                }
                if (m.hostname != null && $Object.hasOwnProperty.call(m, "hostname")) {
                    d.hostname = m.hostname;
                }
                if (m.kernelConfigSource != null && $Object.hasOwnProperty.call(m, "kernelConfigSource")) {
                    d.kernelConfigSource = m.kernelConfigSource;
                }
                return d;
            };

            /**
             * Converts this CapabilityReport to JSON.
             * @function toJSON
             * @memberof k3sgrid.v1.CapabilityReport
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            CapabilityReport.prototype.toJSON = function() {
                return CapabilityReport.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for CapabilityReport
             * @function getTypeUrl
             * @memberof k3sgrid.v1.CapabilityReport
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            CapabilityReport.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/k3sgrid.v1.CapabilityReport";
            };

            return CapabilityReport;
        })();

        v1.Assignment = (function() {

            /**
             * Properties of an Assignment.
             * @typedef {Object} k3sgrid.v1.Assignment.$Properties
             * @property {Uint8Array|null} [body] Assignment body
             * @property {Uint8Array|null} [signature] Assignment signature
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an Assignment.
             * @memberof k3sgrid.v1
             * @interface IAssignment
             * @augments k3sgrid.v1.Assignment.$Properties
             * @deprecated Use k3sgrid.v1.Assignment.$Properties instead.
             */

            /**
             * Shape of an Assignment.
             * @typedef {k3sgrid.v1.Assignment.$Properties} k3sgrid.v1.Assignment.$Shape
             */

            /**
             * Constructs a new Assignment.
             * @memberof k3sgrid.v1
             * @classdesc Represents an Assignment.
             * @constructor
             * @param {k3sgrid.v1.Assignment.$Properties=} [p] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Assignment = function (p) {
                if (p)
                    for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            };

            /**
             * Assignment body.
             * @member {Uint8Array} body
             * @memberof k3sgrid.v1.Assignment
             * @instance
             */
            Assignment.prototype.body = $util.newBuffer([]);

            /**
             * Assignment signature.
             * @member {Uint8Array} signature
             * @memberof k3sgrid.v1.Assignment
             * @instance
             */
            Assignment.prototype.signature = $util.newBuffer([]);

            /**
             * Creates a new Assignment instance using the specified properties.
             * @function create
             * @memberof k3sgrid.v1.Assignment
             * @static
             * @param {k3sgrid.v1.Assignment.$Properties=} [properties] Properties to set
             * @returns {k3sgrid.v1.Assignment} Assignment instance
             * @type {{
             *   (properties: k3sgrid.v1.Assignment.$Shape): k3sgrid.v1.Assignment & k3sgrid.v1.Assignment.$Shape;
             *   (properties?: k3sgrid.v1.Assignment.$Properties): k3sgrid.v1.Assignment;
             * }}
             */
            Assignment.create = function(properties) {
                return new Assignment(properties);
            };

            /**
             * Encodes the specified Assignment message. Does not implicitly {@link k3sgrid.v1.Assignment.verify|verify} messages.
             * @function encode
             * @memberof k3sgrid.v1.Assignment
             * @static
             * @param {k3sgrid.v1.Assignment.$Properties} m Assignment message or plain object to encode
             * @param {$protobuf.Writer} [w] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Assignment.encode = function (m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (m.body != null && $Object.hasOwnProperty.call(m, "body") && m.body.length)
                    w.uint32(/* id 1, wireType 2 =*/10).bytes(m.body);
                if (m.signature != null && $Object.hasOwnProperty.call(m, "signature") && m.signature.length)
                    w.uint32(/* id 2, wireType 2 =*/18).bytes(m.signature);
                if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                    for (var i = 0; i < m.$unknowns.length; ++i)
                        w.raw(m.$unknowns[i]);
                return w;
            };

            /**
             * Encodes the specified Assignment message, length delimited. Does not implicitly {@link k3sgrid.v1.Assignment.verify|verify} messages.
             * @function encodeDelimited
             * @memberof k3sgrid.v1.Assignment
             * @static
             * @param {k3sgrid.v1.Assignment.$Properties} message Assignment message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Assignment.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes an Assignment message from the specified reader or buffer.
             * @function decode
             * @memberof k3sgrid.v1.Assignment
             * @static
             * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
             * @param {number} [l] Message length if known beforehand
             * @returns {k3sgrid.v1.Assignment & k3sgrid.v1.Assignment.$Shape} Assignment
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Assignment.decode = function (r, l, z, q, g) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (q === $undefined)
                    q = 0;
                if (q > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var c, m, v;
                if (l === $undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw $RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = g || new $root.k3sgrid.v1.Assignment();
                while (r.pos < c) {
                    var s = r.pos;
                    var t = r.tag();
                    if (t === z) {
                        z = $undefined;
                        break;
                    }
                    var u = t & 7;
                    switch (t >>>= 3) {
                    case 1: {
                            if (u !== 2)
                                break;
                            if ((v = r.bytes()).length)
                                m.body = v;
                            else
                                delete m.body;
                            continue;
                        }
                    case 2: {
                            if (u !== 2)
                                break;
                            if ((v = r.bytes()).length)
                                m.signature = v;
                            else
                                delete m.signature;
                            continue;
                        }
                    }
                    r.skipType(u, q, t);
                    if (!r.discardUnknown) {
                        $util.makeProp(m, "$unknowns", false);
                        (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                    }
                }
                if (l !== $undefined) {
                    if (r.pos !== c)
                        throw $RangeError("index out of range");
                    r.len = l;
                }
                if (z !== $undefined)
                    throw $Error("missing end group");
                return m;
            };

            /**
             * Decodes an Assignment message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof k3sgrid.v1.Assignment
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {k3sgrid.v1.Assignment & k3sgrid.v1.Assignment.$Shape} Assignment
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Assignment.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies an Assignment message.
             * @function verify
             * @memberof k3sgrid.v1.Assignment
             * @static
             * @param {Object.<string,*>} m Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            Assignment.verify = function (m, q) {
                if (typeof m !== "object" || m === null)
                    return "object expected";
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    return "max depth exceeded";
                if (m.body != null && $Object.hasOwnProperty.call(m, "body")) {
                    if (!(m.body && typeof m.body.length === "number" || $util.isString(m.body)))
                        return "body: buffer expected";
                }
                if (m.signature != null && $Object.hasOwnProperty.call(m, "signature")) {
                    if (!(m.signature && typeof m.signature.length === "number" || $util.isString(m.signature)))
                        return "signature: buffer expected";
                }
                return null;
            };

            /**
             * Creates an Assignment message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof k3sgrid.v1.Assignment
             * @static
             * @param {Object.<string,*>} d Plain object
             * @returns {k3sgrid.v1.Assignment} Assignment
             */
            Assignment.fromObject = function (d, q) {
                if (d instanceof $root.k3sgrid.v1.Assignment)
                    return d;
                if (!$util.isObject(d))
                    throw $TypeError(".k3sgrid.v1.Assignment: object expected");
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                var m = new $root.k3sgrid.v1.Assignment();
                if (d.body != null) {
                    if (d.body.length) {
                        if (typeof d.body === "string")
                            $util.base64.decode(d.body, m.body = $util.newBuffer($util.base64.length(d.body)), 0);
                        else if (d.body.length >= 0)
                            m.body = d.body;
                    }
                }
                if (d.signature != null) {
                    if (d.signature.length) {
                        if (typeof d.signature === "string")
                            $util.base64.decode(d.signature, m.signature = $util.newBuffer($util.base64.length(d.signature)), 0);
                        else if (d.signature.length >= 0)
                            m.signature = d.signature;
                    }
                }
                return m;
            };

            /**
             * Creates a plain object from an Assignment message. Also converts values to other types if specified.
             * @function toObject
             * @memberof k3sgrid.v1.Assignment
             * @static
             * @param {k3sgrid.v1.Assignment} m Assignment
             * @param {$protobuf.IConversionOptions} [o] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Assignment.toObject = function (m, o, q) {
                if (!o)
                    o = {};
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                var d = {};
                if (o.defaults) {
                    if (o.bytes === $String)
                        d.body = "";
                    else {
                        d.body = [];
                        if (o.bytes !== $Array)
                            d.body = $util.newBuffer(d.body);
                    }
                    if (o.bytes === $String)
                        d.signature = "";
                    else {
                        d.signature = [];
                        if (o.bytes !== $Array)
                            d.signature = $util.newBuffer(d.signature);
                    }
                }
                if (m.body != null && $Object.hasOwnProperty.call(m, "body")) {
                    d.body = o.bytes === $String ? $util.base64.encode(m.body, 0, m.body.length) : o.bytes === $Array ? $Array.prototype.slice.call(m.body) : m.body;
                }
                if (m.signature != null && $Object.hasOwnProperty.call(m, "signature")) {
                    d.signature = o.bytes === $String ? $util.base64.encode(m.signature, 0, m.signature.length) : o.bytes === $Array ? $Array.prototype.slice.call(m.signature) : m.signature;
                }
                return d;
            };

            /**
             * Converts this Assignment to JSON.
             * @function toJSON
             * @memberof k3sgrid.v1.Assignment
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Assignment.prototype.toJSON = function() {
                return Assignment.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for Assignment
             * @function getTypeUrl
             * @memberof k3sgrid.v1.Assignment
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            Assignment.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/k3sgrid.v1.Assignment";
            };

            return Assignment;
        })();

        v1.AssignmentBody = (function() {

            /**
             * Properties of an AssignmentBody.
             * @typedef {Object} k3sgrid.v1.AssignmentBody.$Properties
             * @property {string|null} [nodeId] AssignmentBody nodeId
             * @property {string|null} [clusterId] AssignmentBody clusterId
             * @property {number|null} [epoch] AssignmentBody epoch
             * @property {number|null} [generation] AssignmentBody generation
             * @property {string|null} [role] AssignmentBody role
             * @property {string|null} [nodeName] AssignmentBody nodeName
             * @property {string|null} [serverUrl] AssignmentBody serverUrl
             * @property {string|null} [k3sVersion] AssignmentBody k3sVersion
             * @property {Array.<string>|null} [tlsSans] AssignmentBody tlsSans
             * @property {Array.<string>|null} [nodeLabels] AssignmentBody nodeLabels
             * @property {Array.<string>|null} [nodeTaints] AssignmentBody nodeTaints
             * @property {string|null} [flannelBackend] AssignmentBody flannelBackend
             * @property {Array.<string>|null} [disable] AssignmentBody disable
             * @property {boolean|null} [secretsEncryption] AssignmentBody secretsEncryption
             * @property {string|null} [nodeIp] AssignmentBody nodeIp
             * @property {string|null} [nodeExternalIp] AssignmentBody nodeExternalIp
             * @property {string|null} [flannelIface] AssignmentBody flannelIface
             * @property {Array.<k3sgrid.v1.Manifest.$Properties>|null} [manifests] AssignmentBody manifests
             * @property {k3sgrid.v1.LbConfig.$Properties|null} [lb] AssignmentBody lb
             * @property {Uint8Array|null} [sealedSecrets] AssignmentBody sealedSecrets
             * @property {string|null} [clusterName] AssignmentBody clusterName
             * @property {string|null} [datastoreEndpoint] AssignmentBody datastoreEndpoint
             * @property {k3sgrid.v1.K3sRelease.$Properties|null} [k3sRelease] AssignmentBody k3sRelease
             * @property {string|null} [advertiseAddress] AssignmentBody advertiseAddress
             * @property {k3sgrid.v1.NodePrep.$Properties|null} [nodePrep] AssignmentBody nodePrep
             * @property {boolean|null} [disableNetworkPolicy] AssignmentBody disableNetworkPolicy
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an AssignmentBody.
             * @memberof k3sgrid.v1
             * @interface IAssignmentBody
             * @augments k3sgrid.v1.AssignmentBody.$Properties
             * @deprecated Use k3sgrid.v1.AssignmentBody.$Properties instead.
             */

            /**
             * Shape of an AssignmentBody.
             * @typedef {k3sgrid.v1.AssignmentBody.$Properties} k3sgrid.v1.AssignmentBody.$Shape
             */

            /**
             * Constructs a new AssignmentBody.
             * @memberof k3sgrid.v1
             * @classdesc Represents an AssignmentBody.
             * @constructor
             * @param {k3sgrid.v1.AssignmentBody.$Properties=} [p] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const AssignmentBody = function (p) {
                this.tlsSans = [];
                this.nodeLabels = [];
                this.nodeTaints = [];
                this.disable = [];
                this.manifests = [];
                if (p)
                    for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            };

            /**
             * AssignmentBody nodeId.
             * @member {string} nodeId
             * @memberof k3sgrid.v1.AssignmentBody
             * @instance
             */
            AssignmentBody.prototype.nodeId = "";

            /**
             * AssignmentBody clusterId.
             * @member {string} clusterId
             * @memberof k3sgrid.v1.AssignmentBody
             * @instance
             */
            AssignmentBody.prototype.clusterId = "";

            /**
             * AssignmentBody epoch.
             * @member {number} epoch
             * @memberof k3sgrid.v1.AssignmentBody
             * @instance
             */
            AssignmentBody.prototype.epoch = 0;

            /**
             * AssignmentBody generation.
             * @member {number} generation
             * @memberof k3sgrid.v1.AssignmentBody
             * @instance
             */
            AssignmentBody.prototype.generation = 0;

            /**
             * AssignmentBody role.
             * @member {string} role
             * @memberof k3sgrid.v1.AssignmentBody
             * @instance
             */
            AssignmentBody.prototype.role = "";

            /**
             * AssignmentBody nodeName.
             * @member {string} nodeName
             * @memberof k3sgrid.v1.AssignmentBody
             * @instance
             */
            AssignmentBody.prototype.nodeName = "";

            /**
             * AssignmentBody serverUrl.
             * @member {string} serverUrl
             * @memberof k3sgrid.v1.AssignmentBody
             * @instance
             */
            AssignmentBody.prototype.serverUrl = "";

            /**
             * AssignmentBody k3sVersion.
             * @member {string} k3sVersion
             * @memberof k3sgrid.v1.AssignmentBody
             * @instance
             */
            AssignmentBody.prototype.k3sVersion = "";

            /**
             * AssignmentBody tlsSans.
             * @member {Array.<string>} tlsSans
             * @memberof k3sgrid.v1.AssignmentBody
             * @instance
             */
            AssignmentBody.prototype.tlsSans = $util.emptyArray;

            /**
             * AssignmentBody nodeLabels.
             * @member {Array.<string>} nodeLabels
             * @memberof k3sgrid.v1.AssignmentBody
             * @instance
             */
            AssignmentBody.prototype.nodeLabels = $util.emptyArray;

            /**
             * AssignmentBody nodeTaints.
             * @member {Array.<string>} nodeTaints
             * @memberof k3sgrid.v1.AssignmentBody
             * @instance
             */
            AssignmentBody.prototype.nodeTaints = $util.emptyArray;

            /**
             * AssignmentBody flannelBackend.
             * @member {string} flannelBackend
             * @memberof k3sgrid.v1.AssignmentBody
             * @instance
             */
            AssignmentBody.prototype.flannelBackend = "";

            /**
             * AssignmentBody disable.
             * @member {Array.<string>} disable
             * @memberof k3sgrid.v1.AssignmentBody
             * @instance
             */
            AssignmentBody.prototype.disable = $util.emptyArray;

            /**
             * AssignmentBody secretsEncryption.
             * @member {boolean} secretsEncryption
             * @memberof k3sgrid.v1.AssignmentBody
             * @instance
             */
            AssignmentBody.prototype.secretsEncryption = false;

            /**
             * AssignmentBody nodeIp.
             * @member {string} nodeIp
             * @memberof k3sgrid.v1.AssignmentBody
             * @instance
             */
            AssignmentBody.prototype.nodeIp = "";

            /**
             * AssignmentBody nodeExternalIp.
             * @member {string} nodeExternalIp
             * @memberof k3sgrid.v1.AssignmentBody
             * @instance
             */
            AssignmentBody.prototype.nodeExternalIp = "";

            /**
             * AssignmentBody flannelIface.
             * @member {string} flannelIface
             * @memberof k3sgrid.v1.AssignmentBody
             * @instance
             */
            AssignmentBody.prototype.flannelIface = "";

            /**
             * AssignmentBody manifests.
             * @member {Array.<k3sgrid.v1.Manifest.$Properties>} manifests
             * @memberof k3sgrid.v1.AssignmentBody
             * @instance
             */
            AssignmentBody.prototype.manifests = $util.emptyArray;

            /**
             * AssignmentBody lb.
             * @member {k3sgrid.v1.LbConfig.$Properties|null|undefined} lb
             * @memberof k3sgrid.v1.AssignmentBody
             * @instance
             */
            AssignmentBody.prototype.lb = null;

            /**
             * AssignmentBody sealedSecrets.
             * @member {Uint8Array} sealedSecrets
             * @memberof k3sgrid.v1.AssignmentBody
             * @instance
             */
            AssignmentBody.prototype.sealedSecrets = $util.newBuffer([]);

            /**
             * AssignmentBody clusterName.
             * @member {string} clusterName
             * @memberof k3sgrid.v1.AssignmentBody
             * @instance
             */
            AssignmentBody.prototype.clusterName = "";

            /**
             * AssignmentBody datastoreEndpoint.
             * @member {string} datastoreEndpoint
             * @memberof k3sgrid.v1.AssignmentBody
             * @instance
             */
            AssignmentBody.prototype.datastoreEndpoint = "";

            /**
             * AssignmentBody k3sRelease.
             * @member {k3sgrid.v1.K3sRelease.$Properties|null|undefined} k3sRelease
             * @memberof k3sgrid.v1.AssignmentBody
             * @instance
             */
            AssignmentBody.prototype.k3sRelease = null;

            /**
             * AssignmentBody advertiseAddress.
             * @member {string} advertiseAddress
             * @memberof k3sgrid.v1.AssignmentBody
             * @instance
             */
            AssignmentBody.prototype.advertiseAddress = "";

            /**
             * AssignmentBody nodePrep.
             * @member {k3sgrid.v1.NodePrep.$Properties|null|undefined} nodePrep
             * @memberof k3sgrid.v1.AssignmentBody
             * @instance
             */
            AssignmentBody.prototype.nodePrep = null;

            /**
             * AssignmentBody disableNetworkPolicy.
             * @member {boolean} disableNetworkPolicy
             * @memberof k3sgrid.v1.AssignmentBody
             * @instance
             */
            AssignmentBody.prototype.disableNetworkPolicy = false;

            /**
             * Creates a new AssignmentBody instance using the specified properties.
             * @function create
             * @memberof k3sgrid.v1.AssignmentBody
             * @static
             * @param {k3sgrid.v1.AssignmentBody.$Properties=} [properties] Properties to set
             * @returns {k3sgrid.v1.AssignmentBody} AssignmentBody instance
             * @type {{
             *   (properties: k3sgrid.v1.AssignmentBody.$Shape): k3sgrid.v1.AssignmentBody & k3sgrid.v1.AssignmentBody.$Shape;
             *   (properties?: k3sgrid.v1.AssignmentBody.$Properties): k3sgrid.v1.AssignmentBody;
             * }}
             */
            AssignmentBody.create = function(properties) {
                return new AssignmentBody(properties);
            };

            /**
             * Encodes the specified AssignmentBody message. Does not implicitly {@link k3sgrid.v1.AssignmentBody.verify|verify} messages.
             * @function encode
             * @memberof k3sgrid.v1.AssignmentBody
             * @static
             * @param {k3sgrid.v1.AssignmentBody.$Properties} m AssignmentBody message or plain object to encode
             * @param {$protobuf.Writer} [w] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            AssignmentBody.encode = function (m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (m.nodeId != null && $Object.hasOwnProperty.call(m, "nodeId") && m.nodeId !== "")
                    w.uint32(/* id 1, wireType 2 =*/10).string(m.nodeId);
                if (m.clusterId != null && $Object.hasOwnProperty.call(m, "clusterId") && m.clusterId !== "")
                    w.uint32(/* id 2, wireType 2 =*/18).string(m.clusterId);
                if (m.epoch != null && $Object.hasOwnProperty.call(m, "epoch") && (typeof m.epoch === "object" ? m.epoch.low || m.epoch.high : m.epoch !== 0))
                    w.uint32(/* id 3, wireType 0 =*/24).uint64(m.epoch);
                if (m.generation != null && $Object.hasOwnProperty.call(m, "generation") && (typeof m.generation === "object" ? m.generation.low || m.generation.high : m.generation !== 0))
                    w.uint32(/* id 4, wireType 0 =*/32).uint64(m.generation);
                if (m.role != null && $Object.hasOwnProperty.call(m, "role") && m.role !== "")
                    w.uint32(/* id 5, wireType 2 =*/42).string(m.role);
                if (m.nodeName != null && $Object.hasOwnProperty.call(m, "nodeName") && m.nodeName !== "")
                    w.uint32(/* id 6, wireType 2 =*/50).string(m.nodeName);
                if (m.serverUrl != null && $Object.hasOwnProperty.call(m, "serverUrl") && m.serverUrl !== "")
                    w.uint32(/* id 7, wireType 2 =*/58).string(m.serverUrl);
                if (m.k3sVersion != null && $Object.hasOwnProperty.call(m, "k3sVersion") && m.k3sVersion !== "")
                    w.uint32(/* id 8, wireType 2 =*/66).string(m.k3sVersion);
                if (m.tlsSans != null && m.tlsSans.length) {
                    for (var i = 0; i < m.tlsSans.length; ++i)
                        w.uint32(/* id 9, wireType 2 =*/74).string(m.tlsSans[i]);
                }
                if (m.nodeLabels != null && m.nodeLabels.length) {
                    for (var i = 0; i < m.nodeLabels.length; ++i)
                        w.uint32(/* id 10, wireType 2 =*/82).string(m.nodeLabels[i]);
                }
                if (m.nodeTaints != null && m.nodeTaints.length) {
                    for (var i = 0; i < m.nodeTaints.length; ++i)
                        w.uint32(/* id 11, wireType 2 =*/90).string(m.nodeTaints[i]);
                }
                if (m.flannelBackend != null && $Object.hasOwnProperty.call(m, "flannelBackend") && m.flannelBackend !== "")
                    w.uint32(/* id 12, wireType 2 =*/98).string(m.flannelBackend);
                if (m.disable != null && m.disable.length) {
                    for (var i = 0; i < m.disable.length; ++i)
                        w.uint32(/* id 13, wireType 2 =*/106).string(m.disable[i]);
                }
                if (m.secretsEncryption != null && $Object.hasOwnProperty.call(m, "secretsEncryption") && m.secretsEncryption !== false)
                    w.uint32(/* id 14, wireType 0 =*/112).bool(m.secretsEncryption);
                if (m.nodeIp != null && $Object.hasOwnProperty.call(m, "nodeIp") && m.nodeIp !== "")
                    w.uint32(/* id 15, wireType 2 =*/122).string(m.nodeIp);
                if (m.nodeExternalIp != null && $Object.hasOwnProperty.call(m, "nodeExternalIp") && m.nodeExternalIp !== "")
                    w.uint32(/* id 16, wireType 2 =*/130).string(m.nodeExternalIp);
                if (m.flannelIface != null && $Object.hasOwnProperty.call(m, "flannelIface") && m.flannelIface !== "")
                    w.uint32(/* id 17, wireType 2 =*/138).string(m.flannelIface);
                if (m.manifests != null && m.manifests.length) {
                    for (var i = 0; i < m.manifests.length; ++i)
                        $root.k3sgrid.v1.Manifest.encode(m.manifests[i], w.uint32(/* id 18, wireType 2 =*/146).fork(), q + 1).ldelim();
                }
                if (m.lb != null && $Object.hasOwnProperty.call(m, "lb"))
                    $root.k3sgrid.v1.LbConfig.encode(m.lb, w.uint32(/* id 19, wireType 2 =*/154).fork(), q + 1).ldelim();
                if (m.sealedSecrets != null && $Object.hasOwnProperty.call(m, "sealedSecrets") && m.sealedSecrets.length)
                    w.uint32(/* id 20, wireType 2 =*/162).bytes(m.sealedSecrets);
                if (m.clusterName != null && $Object.hasOwnProperty.call(m, "clusterName") && m.clusterName !== "")
                    w.uint32(/* id 21, wireType 2 =*/170).string(m.clusterName);
                if (m.datastoreEndpoint != null && $Object.hasOwnProperty.call(m, "datastoreEndpoint") && m.datastoreEndpoint !== "")
                    w.uint32(/* id 22, wireType 2 =*/178).string(m.datastoreEndpoint);
                if (m.k3sRelease != null && $Object.hasOwnProperty.call(m, "k3sRelease"))
                    $root.k3sgrid.v1.K3sRelease.encode(m.k3sRelease, w.uint32(/* id 23, wireType 2 =*/186).fork(), q + 1).ldelim();
                if (m.advertiseAddress != null && $Object.hasOwnProperty.call(m, "advertiseAddress") && m.advertiseAddress !== "")
                    w.uint32(/* id 24, wireType 2 =*/194).string(m.advertiseAddress);
                if (m.nodePrep != null && $Object.hasOwnProperty.call(m, "nodePrep"))
                    $root.k3sgrid.v1.NodePrep.encode(m.nodePrep, w.uint32(/* id 25, wireType 2 =*/202).fork(), q + 1).ldelim();
                if (m.disableNetworkPolicy != null && $Object.hasOwnProperty.call(m, "disableNetworkPolicy") && m.disableNetworkPolicy !== false)
                    w.uint32(/* id 26, wireType 0 =*/208).bool(m.disableNetworkPolicy);
                if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                    for (var i = 0; i < m.$unknowns.length; ++i)
                        w.raw(m.$unknowns[i]);
                return w;
            };

            /**
             * Encodes the specified AssignmentBody message, length delimited. Does not implicitly {@link k3sgrid.v1.AssignmentBody.verify|verify} messages.
             * @function encodeDelimited
             * @memberof k3sgrid.v1.AssignmentBody
             * @static
             * @param {k3sgrid.v1.AssignmentBody.$Properties} message AssignmentBody message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            AssignmentBody.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes an AssignmentBody message from the specified reader or buffer.
             * @function decode
             * @memberof k3sgrid.v1.AssignmentBody
             * @static
             * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
             * @param {number} [l] Message length if known beforehand
             * @returns {k3sgrid.v1.AssignmentBody & k3sgrid.v1.AssignmentBody.$Shape} AssignmentBody
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            AssignmentBody.decode = function (r, l, z, q, g) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (q === $undefined)
                    q = 0;
                if (q > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var c, m, v;
                if (l === $undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw $RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = g || new $root.k3sgrid.v1.AssignmentBody();
                while (r.pos < c) {
                    var s = r.pos;
                    var t = r.tag();
                    if (t === z) {
                        z = $undefined;
                        break;
                    }
                    var u = t & 7;
                    switch (t >>>= 3) {
                    case 1: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.nodeId = v;
                            else
                                delete m.nodeId;
                            continue;
                        }
                    case 2: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.clusterId = v;
                            else
                                delete m.clusterId;
                            continue;
                        }
                    case 3: {
                            if (u !== 0)
                                break;
                            if (typeof (v = r.uint64()) === "object" ? v.low || v.high : v !== 0)
                                m.epoch = v;
                            else
                                delete m.epoch;
                            continue;
                        }
                    case 4: {
                            if (u !== 0)
                                break;
                            if (typeof (v = r.uint64()) === "object" ? v.low || v.high : v !== 0)
                                m.generation = v;
                            else
                                delete m.generation;
                            continue;
                        }
                    case 5: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.role = v;
                            else
                                delete m.role;
                            continue;
                        }
                    case 6: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.nodeName = v;
                            else
                                delete m.nodeName;
                            continue;
                        }
                    case 7: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.serverUrl = v;
                            else
                                delete m.serverUrl;
                            continue;
                        }
                    case 8: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.k3sVersion = v;
                            else
                                delete m.k3sVersion;
                            continue;
                        }
                    case 9: {
                            if (u !== 2)
                                break;
                            if (!(m.tlsSans && m.tlsSans.length))
                                m.tlsSans = [];
                            m.tlsSans.push(r.stringVerify());
                            continue;
                        }
                    case 10: {
                            if (u !== 2)
                                break;
                            if (!(m.nodeLabels && m.nodeLabels.length))
                                m.nodeLabels = [];
                            m.nodeLabels.push(r.stringVerify());
                            continue;
                        }
                    case 11: {
                            if (u !== 2)
                                break;
                            if (!(m.nodeTaints && m.nodeTaints.length))
                                m.nodeTaints = [];
                            m.nodeTaints.push(r.stringVerify());
                            continue;
                        }
                    case 12: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.flannelBackend = v;
                            else
                                delete m.flannelBackend;
                            continue;
                        }
                    case 13: {
                            if (u !== 2)
                                break;
                            if (!(m.disable && m.disable.length))
                                m.disable = [];
                            m.disable.push(r.stringVerify());
                            continue;
                        }
                    case 14: {
                            if (u !== 0)
                                break;
                            if (v = r.bool())
                                m.secretsEncryption = v;
                            else
                                delete m.secretsEncryption;
                            continue;
                        }
                    case 15: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.nodeIp = v;
                            else
                                delete m.nodeIp;
                            continue;
                        }
                    case 16: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.nodeExternalIp = v;
                            else
                                delete m.nodeExternalIp;
                            continue;
                        }
                    case 17: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.flannelIface = v;
                            else
                                delete m.flannelIface;
                            continue;
                        }
                    case 18: {
                            if (u !== 2)
                                break;
                            if (!(m.manifests && m.manifests.length))
                                m.manifests = [];
                            m.manifests.push($root.k3sgrid.v1.Manifest.decode(r, r.size(), $undefined, q + 1));
                            continue;
                        }
                    case 19: {
                            if (u !== 2)
                                break;
                            m.lb = $root.k3sgrid.v1.LbConfig.decode(r, r.size(), $undefined, q + 1, m.lb);
                            continue;
                        }
                    case 20: {
                            if (u !== 2)
                                break;
                            if ((v = r.bytes()).length)
                                m.sealedSecrets = v;
                            else
                                delete m.sealedSecrets;
                            continue;
                        }
                    case 21: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.clusterName = v;
                            else
                                delete m.clusterName;
                            continue;
                        }
                    case 22: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.datastoreEndpoint = v;
                            else
                                delete m.datastoreEndpoint;
                            continue;
                        }
                    case 23: {
                            if (u !== 2)
                                break;
                            m.k3sRelease = $root.k3sgrid.v1.K3sRelease.decode(r, r.size(), $undefined, q + 1, m.k3sRelease);
                            continue;
                        }
                    case 24: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.advertiseAddress = v;
                            else
                                delete m.advertiseAddress;
                            continue;
                        }
                    case 25: {
                            if (u !== 2)
                                break;
                            m.nodePrep = $root.k3sgrid.v1.NodePrep.decode(r, r.size(), $undefined, q + 1, m.nodePrep);
                            continue;
                        }
                    case 26: {
                            if (u !== 0)
                                break;
                            if (v = r.bool())
                                m.disableNetworkPolicy = v;
                            else
                                delete m.disableNetworkPolicy;
                            continue;
                        }
                    }
                    r.skipType(u, q, t);
                    if (!r.discardUnknown) {
                        $util.makeProp(m, "$unknowns", false);
                        (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                    }
                }
                if (l !== $undefined) {
                    if (r.pos !== c)
                        throw $RangeError("index out of range");
                    r.len = l;
                }
                if (z !== $undefined)
                    throw $Error("missing end group");
                return m;
            };

            /**
             * Decodes an AssignmentBody message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof k3sgrid.v1.AssignmentBody
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {k3sgrid.v1.AssignmentBody & k3sgrid.v1.AssignmentBody.$Shape} AssignmentBody
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            AssignmentBody.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies an AssignmentBody message.
             * @function verify
             * @memberof k3sgrid.v1.AssignmentBody
             * @static
             * @param {Object.<string,*>} m Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            AssignmentBody.verify = function (m, q) {
                if (typeof m !== "object" || m === null)
                    return "object expected";
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    return "max depth exceeded";
                if (m.nodeId != null && $Object.hasOwnProperty.call(m, "nodeId")) {
                    if (!$util.isString(m.nodeId))
                        return "nodeId: string expected";
                }
                if (m.clusterId != null && $Object.hasOwnProperty.call(m, "clusterId")) {
                    if (!$util.isString(m.clusterId))
                        return "clusterId: string expected";
                }
                if (m.epoch != null && $Object.hasOwnProperty.call(m, "epoch")) {
                    if (!$util.isInteger(m.epoch) && !(m.epoch && $util.isInteger(m.epoch.low) && $util.isInteger(m.epoch.high)))
                        return "epoch: integer|Long expected";
                }
                if (m.generation != null && $Object.hasOwnProperty.call(m, "generation")) {
                    if (!$util.isInteger(m.generation) && !(m.generation && $util.isInteger(m.generation.low) && $util.isInteger(m.generation.high)))
                        return "generation: integer|Long expected";
                }
                if (m.role != null && $Object.hasOwnProperty.call(m, "role")) {
                    if (!$util.isString(m.role))
                        return "role: string expected";
                }
                if (m.nodeName != null && $Object.hasOwnProperty.call(m, "nodeName")) {
                    if (!$util.isString(m.nodeName))
                        return "nodeName: string expected";
                }
                if (m.serverUrl != null && $Object.hasOwnProperty.call(m, "serverUrl")) {
                    if (!$util.isString(m.serverUrl))
                        return "serverUrl: string expected";
                }
                if (m.k3sVersion != null && $Object.hasOwnProperty.call(m, "k3sVersion")) {
                    if (!$util.isString(m.k3sVersion))
                        return "k3sVersion: string expected";
                }
                if (m.tlsSans != null && $Object.hasOwnProperty.call(m, "tlsSans")) {
                    if (!$Array.isArray(m.tlsSans))
                        return "tlsSans: array expected";
                    for (var i = 0; i < m.tlsSans.length; ++i) {
                        if (!$util.isString(m.tlsSans[i]))
                            return "tlsSans: string[] expected";
                    }
                }
                if (m.nodeLabels != null && $Object.hasOwnProperty.call(m, "nodeLabels")) {
                    if (!$Array.isArray(m.nodeLabels))
                        return "nodeLabels: array expected";
                    for (var i = 0; i < m.nodeLabels.length; ++i) {
                        if (!$util.isString(m.nodeLabels[i]))
                            return "nodeLabels: string[] expected";
                    }
                }
                if (m.nodeTaints != null && $Object.hasOwnProperty.call(m, "nodeTaints")) {
                    if (!$Array.isArray(m.nodeTaints))
                        return "nodeTaints: array expected";
                    for (var i = 0; i < m.nodeTaints.length; ++i) {
                        if (!$util.isString(m.nodeTaints[i]))
                            return "nodeTaints: string[] expected";
                    }
                }
                if (m.flannelBackend != null && $Object.hasOwnProperty.call(m, "flannelBackend")) {
                    if (!$util.isString(m.flannelBackend))
                        return "flannelBackend: string expected";
                }
                if (m.disable != null && $Object.hasOwnProperty.call(m, "disable")) {
                    if (!$Array.isArray(m.disable))
                        return "disable: array expected";
                    for (var i = 0; i < m.disable.length; ++i) {
                        if (!$util.isString(m.disable[i]))
                            return "disable: string[] expected";
                    }
                }
                if (m.secretsEncryption != null && $Object.hasOwnProperty.call(m, "secretsEncryption")) {
                    if (typeof m.secretsEncryption !== "boolean")
                        return "secretsEncryption: boolean expected";
                }
                if (m.nodeIp != null && $Object.hasOwnProperty.call(m, "nodeIp")) {
                    if (!$util.isString(m.nodeIp))
                        return "nodeIp: string expected";
                }
                if (m.nodeExternalIp != null && $Object.hasOwnProperty.call(m, "nodeExternalIp")) {
                    if (!$util.isString(m.nodeExternalIp))
                        return "nodeExternalIp: string expected";
                }
                if (m.flannelIface != null && $Object.hasOwnProperty.call(m, "flannelIface")) {
                    if (!$util.isString(m.flannelIface))
                        return "flannelIface: string expected";
                }
                if (m.manifests != null && $Object.hasOwnProperty.call(m, "manifests")) {
                    if (!$Array.isArray(m.manifests))
                        return "manifests: array expected";
                    for (var i = 0; i < m.manifests.length; ++i) {
                        {
                            var e = $root.k3sgrid.v1.Manifest.verify(m.manifests[i], q + 1);
                            if (e)
                                return "manifests." + e;
                        }
                    }
                }
                if (m.lb != null && $Object.hasOwnProperty.call(m, "lb")) {
                    {
                        var e = $root.k3sgrid.v1.LbConfig.verify(m.lb, q + 1);
                        if (e)
                            return "lb." + e;
                    }
                }
                if (m.sealedSecrets != null && $Object.hasOwnProperty.call(m, "sealedSecrets")) {
                    if (!(m.sealedSecrets && typeof m.sealedSecrets.length === "number" || $util.isString(m.sealedSecrets)))
                        return "sealedSecrets: buffer expected";
                }
                if (m.clusterName != null && $Object.hasOwnProperty.call(m, "clusterName")) {
                    if (!$util.isString(m.clusterName))
                        return "clusterName: string expected";
                }
                if (m.datastoreEndpoint != null && $Object.hasOwnProperty.call(m, "datastoreEndpoint")) {
                    if (!$util.isString(m.datastoreEndpoint))
                        return "datastoreEndpoint: string expected";
                }
                if (m.k3sRelease != null && $Object.hasOwnProperty.call(m, "k3sRelease")) {
                    {
                        var e = $root.k3sgrid.v1.K3sRelease.verify(m.k3sRelease, q + 1);
                        if (e)
                            return "k3sRelease." + e;
                    }
                }
                if (m.advertiseAddress != null && $Object.hasOwnProperty.call(m, "advertiseAddress")) {
                    if (!$util.isString(m.advertiseAddress))
                        return "advertiseAddress: string expected";
                }
                if (m.nodePrep != null && $Object.hasOwnProperty.call(m, "nodePrep")) {
                    {
                        var e = $root.k3sgrid.v1.NodePrep.verify(m.nodePrep, q + 1);
                        if (e)
                            return "nodePrep." + e;
                    }
                }
                if (m.disableNetworkPolicy != null && $Object.hasOwnProperty.call(m, "disableNetworkPolicy")) {
                    if (typeof m.disableNetworkPolicy !== "boolean")
                        return "disableNetworkPolicy: boolean expected";
                }
                return null;
            };

            /**
             * Creates an AssignmentBody message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof k3sgrid.v1.AssignmentBody
             * @static
             * @param {Object.<string,*>} d Plain object
             * @returns {k3sgrid.v1.AssignmentBody} AssignmentBody
             */
            AssignmentBody.fromObject = function (d, q) {
                if (d instanceof $root.k3sgrid.v1.AssignmentBody)
                    return d;
                if (!$util.isObject(d))
                    throw $TypeError(".k3sgrid.v1.AssignmentBody: object expected");
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                var m = new $root.k3sgrid.v1.AssignmentBody();
                if (d.nodeId != null) {
                    if (typeof d.nodeId !== "string" || d.nodeId.length) {
                        m.nodeId = $String(d.nodeId);
                    }
                }
                if (d.clusterId != null) {
                    if (typeof d.clusterId !== "string" || d.clusterId.length) {
                        m.clusterId = $String(d.clusterId);
                    }
                }
                if (d.epoch != null) {
                    if (typeof d.epoch === "object" ? d.epoch.low || d.epoch.high : $Number(d.epoch) !== 0) {
                        if ($util.Long)
                            m.epoch = $util.Long.fromValue(d.epoch, true);
                        else if (typeof d.epoch === "string")
                            m.epoch = $parseInt(d.epoch, 10);
                        else if (typeof d.epoch === "number")
                            m.epoch = d.epoch;
                        else if (typeof d.epoch === "object")
                            m.epoch = new $util.LongBits(d.epoch.low >>> 0, d.epoch.high >>> 0).toNumber(true);
                    }
                }
                if (d.generation != null) {
                    if (typeof d.generation === "object" ? d.generation.low || d.generation.high : $Number(d.generation) !== 0) {
                        if ($util.Long)
                            m.generation = $util.Long.fromValue(d.generation, true);
                        else if (typeof d.generation === "string")
                            m.generation = $parseInt(d.generation, 10);
                        else if (typeof d.generation === "number")
                            m.generation = d.generation;
                        else if (typeof d.generation === "object")
                            m.generation = new $util.LongBits(d.generation.low >>> 0, d.generation.high >>> 0).toNumber(true);
                    }
                }
                if (d.role != null) {
                    if (typeof d.role !== "string" || d.role.length) {
                        m.role = $String(d.role);
                    }
                }
                if (d.nodeName != null) {
                    if (typeof d.nodeName !== "string" || d.nodeName.length) {
                        m.nodeName = $String(d.nodeName);
                    }
                }
                if (d.serverUrl != null) {
                    if (typeof d.serverUrl !== "string" || d.serverUrl.length) {
                        m.serverUrl = $String(d.serverUrl);
                    }
                }
                if (d.k3sVersion != null) {
                    if (typeof d.k3sVersion !== "string" || d.k3sVersion.length) {
                        m.k3sVersion = $String(d.k3sVersion);
                    }
                }
                if (d.tlsSans) {
                    if (!$Array.isArray(d.tlsSans))
                        throw $TypeError(".k3sgrid.v1.AssignmentBody.tlsSans: array expected");
                    m.tlsSans = $Array(d.tlsSans.length);
                    for (var i = 0; i < d.tlsSans.length; ++i) {
                        m.tlsSans[i] = $String(d.tlsSans[i]);
                    }
                }
                if (d.nodeLabels) {
                    if (!$Array.isArray(d.nodeLabels))
                        throw $TypeError(".k3sgrid.v1.AssignmentBody.nodeLabels: array expected");
                    m.nodeLabels = $Array(d.nodeLabels.length);
                    for (var i = 0; i < d.nodeLabels.length; ++i) {
                        m.nodeLabels[i] = $String(d.nodeLabels[i]);
                    }
                }
                if (d.nodeTaints) {
                    if (!$Array.isArray(d.nodeTaints))
                        throw $TypeError(".k3sgrid.v1.AssignmentBody.nodeTaints: array expected");
                    m.nodeTaints = $Array(d.nodeTaints.length);
                    for (var i = 0; i < d.nodeTaints.length; ++i) {
                        m.nodeTaints[i] = $String(d.nodeTaints[i]);
                    }
                }
                if (d.flannelBackend != null) {
                    if (typeof d.flannelBackend !== "string" || d.flannelBackend.length) {
                        m.flannelBackend = $String(d.flannelBackend);
                    }
                }
                if (d.disable) {
                    if (!$Array.isArray(d.disable))
                        throw $TypeError(".k3sgrid.v1.AssignmentBody.disable: array expected");
                    m.disable = $Array(d.disable.length);
                    for (var i = 0; i < d.disable.length; ++i) {
                        m.disable[i] = $String(d.disable[i]);
                    }
                }
                if (d.secretsEncryption != null) {
                    if (d.secretsEncryption) {
                        m.secretsEncryption = $Boolean(d.secretsEncryption);
                    }
                }
                if (d.nodeIp != null) {
                    if (typeof d.nodeIp !== "string" || d.nodeIp.length) {
                        m.nodeIp = $String(d.nodeIp);
                    }
                }
                if (d.nodeExternalIp != null) {
                    if (typeof d.nodeExternalIp !== "string" || d.nodeExternalIp.length) {
                        m.nodeExternalIp = $String(d.nodeExternalIp);
                    }
                }
                if (d.flannelIface != null) {
                    if (typeof d.flannelIface !== "string" || d.flannelIface.length) {
                        m.flannelIface = $String(d.flannelIface);
                    }
                }
                if (d.manifests) {
                    if (!$Array.isArray(d.manifests))
                        throw $TypeError(".k3sgrid.v1.AssignmentBody.manifests: array expected");
                    m.manifests = $Array(d.manifests.length);
                    for (var i = 0; i < d.manifests.length; ++i) {
                        if (!$util.isObject(d.manifests[i]))
                            throw $TypeError(".k3sgrid.v1.AssignmentBody.manifests: object expected");
                        m.manifests[i] = $root.k3sgrid.v1.Manifest.fromObject(d.manifests[i], q + 1);
                    }
                }
                if (d.lb != null) {
                    if (!$util.isObject(d.lb))
                        throw $TypeError(".k3sgrid.v1.AssignmentBody.lb: object expected");
                    m.lb = $root.k3sgrid.v1.LbConfig.fromObject(d.lb, q + 1);
                }
                if (d.sealedSecrets != null) {
                    if (d.sealedSecrets.length) {
                        if (typeof d.sealedSecrets === "string")
                            $util.base64.decode(d.sealedSecrets, m.sealedSecrets = $util.newBuffer($util.base64.length(d.sealedSecrets)), 0);
                        else if (d.sealedSecrets.length >= 0)
                            m.sealedSecrets = d.sealedSecrets;
                    }
                }
                if (d.clusterName != null) {
                    if (typeof d.clusterName !== "string" || d.clusterName.length) {
                        m.clusterName = $String(d.clusterName);
                    }
                }
                if (d.datastoreEndpoint != null) {
                    if (typeof d.datastoreEndpoint !== "string" || d.datastoreEndpoint.length) {
                        m.datastoreEndpoint = $String(d.datastoreEndpoint);
                    }
                }
                if (d.k3sRelease != null) {
                    if (!$util.isObject(d.k3sRelease))
                        throw $TypeError(".k3sgrid.v1.AssignmentBody.k3sRelease: object expected");
                    m.k3sRelease = $root.k3sgrid.v1.K3sRelease.fromObject(d.k3sRelease, q + 1);
                }
                if (d.advertiseAddress != null) {
                    if (typeof d.advertiseAddress !== "string" || d.advertiseAddress.length) {
                        m.advertiseAddress = $String(d.advertiseAddress);
                    }
                }
                if (d.nodePrep != null) {
                    if (!$util.isObject(d.nodePrep))
                        throw $TypeError(".k3sgrid.v1.AssignmentBody.nodePrep: object expected");
                    m.nodePrep = $root.k3sgrid.v1.NodePrep.fromObject(d.nodePrep, q + 1);
                }
                if (d.disableNetworkPolicy != null) {
                    if (d.disableNetworkPolicy) {
                        m.disableNetworkPolicy = $Boolean(d.disableNetworkPolicy);
                    }
                }
                return m;
            };

            /**
             * Creates a plain object from an AssignmentBody message. Also converts values to other types if specified.
             * @function toObject
             * @memberof k3sgrid.v1.AssignmentBody
             * @static
             * @param {k3sgrid.v1.AssignmentBody} m AssignmentBody
             * @param {$protobuf.IConversionOptions} [o] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            AssignmentBody.toObject = function (m, o, q) {
                if (!o)
                    o = {};
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                var d = {};
                if (o.arrays || o.defaults) {
                    d.tlsSans = [];
                    d.nodeLabels = [];
                    d.nodeTaints = [];
                    d.disable = [];
                    d.manifests = [];
                }
                if (o.defaults) {
                    d.nodeId = "";
                    d.clusterId = "";
                    if ($util.Long) {
                        var n = new $util.Long(0, 0, true);
                        d.epoch = o.longs === $String ? n.toString() : o.longs === $Number ? n.toNumber() : typeof $BigInt !== "undefined" && o.longs === $BigInt ? n.toBigInt() : n;
                    } else
                        d.epoch = o.longs === $String ? "0" : typeof $BigInt !== "undefined" && o.longs === $BigInt ? $BigInt("0") : 0;
                    if ($util.Long) {
                        var n = new $util.Long(0, 0, true);
                        d.generation = o.longs === $String ? n.toString() : o.longs === $Number ? n.toNumber() : typeof $BigInt !== "undefined" && o.longs === $BigInt ? n.toBigInt() : n;
                    } else
                        d.generation = o.longs === $String ? "0" : typeof $BigInt !== "undefined" && o.longs === $BigInt ? $BigInt("0") : 0;
                    d.role = "";
                    d.nodeName = "";
                    d.serverUrl = "";
                    d.k3sVersion = "";
                    d.flannelBackend = "";
                    d.secretsEncryption = false;
                    d.nodeIp = "";
                    d.nodeExternalIp = "";
                    d.flannelIface = "";
                    d.lb = null;
                    if (o.bytes === $String)
                        d.sealedSecrets = "";
                    else {
                        d.sealedSecrets = [];
                        if (o.bytes !== $Array)
                            d.sealedSecrets = $util.newBuffer(d.sealedSecrets);
                    }
                    d.clusterName = "";
                    d.datastoreEndpoint = "";
                    d.k3sRelease = null;
                    d.advertiseAddress = "";
                    d.nodePrep = null;
                    d.disableNetworkPolicy = false;
                }
                if (m.nodeId != null && $Object.hasOwnProperty.call(m, "nodeId")) {
                    d.nodeId = m.nodeId;
                }
                if (m.clusterId != null && $Object.hasOwnProperty.call(m, "clusterId")) {
                    d.clusterId = m.clusterId;
                }
                if (m.epoch != null && $Object.hasOwnProperty.call(m, "epoch")) {
                    if (typeof $BigInt !== "undefined" && o.longs === $BigInt)
                        d.epoch = typeof m.epoch === "number" ? $BigInt(m.epoch) : $util.Long.fromBits(m.epoch.low >>> 0, m.epoch.high >>> 0, true).toBigInt();
                    else if (typeof m.epoch === "number")
                        d.epoch = o.longs === $String ? $String(m.epoch) : m.epoch;
                    else
                        d.epoch = o.longs === $String ? $util.Long.prototype.toString.call(m.epoch) : o.longs === $Number ? new $util.LongBits(m.epoch.low >>> 0, m.epoch.high >>> 0).toNumber(true) : m.epoch;
                }
                if (m.generation != null && $Object.hasOwnProperty.call(m, "generation")) {
                    if (typeof $BigInt !== "undefined" && o.longs === $BigInt)
                        d.generation = typeof m.generation === "number" ? $BigInt(m.generation) : $util.Long.fromBits(m.generation.low >>> 0, m.generation.high >>> 0, true).toBigInt();
                    else if (typeof m.generation === "number")
                        d.generation = o.longs === $String ? $String(m.generation) : m.generation;
                    else
                        d.generation = o.longs === $String ? $util.Long.prototype.toString.call(m.generation) : o.longs === $Number ? new $util.LongBits(m.generation.low >>> 0, m.generation.high >>> 0).toNumber(true) : m.generation;
                }
                if (m.role != null && $Object.hasOwnProperty.call(m, "role")) {
                    d.role = m.role;
                }
                if (m.nodeName != null && $Object.hasOwnProperty.call(m, "nodeName")) {
                    d.nodeName = m.nodeName;
                }
                if (m.serverUrl != null && $Object.hasOwnProperty.call(m, "serverUrl")) {
                    d.serverUrl = m.serverUrl;
                }
                if (m.k3sVersion != null && $Object.hasOwnProperty.call(m, "k3sVersion")) {
                    d.k3sVersion = m.k3sVersion;
                }
                if (m.tlsSans && m.tlsSans.length) {
                    d.tlsSans = $Array(m.tlsSans.length);
                    for (var j = 0; j < m.tlsSans.length; ++j) {
                        d.tlsSans[j] = m.tlsSans[j];
                    }
                }
                if (m.nodeLabels && m.nodeLabels.length) {
                    d.nodeLabels = $Array(m.nodeLabels.length);
                    for (var j = 0; j < m.nodeLabels.length; ++j) {
                        d.nodeLabels[j] = m.nodeLabels[j];
                    }
                }
                if (m.nodeTaints && m.nodeTaints.length) {
                    d.nodeTaints = $Array(m.nodeTaints.length);
                    for (var j = 0; j < m.nodeTaints.length; ++j) {
                        d.nodeTaints[j] = m.nodeTaints[j];
                    }
                }
                if (m.flannelBackend != null && $Object.hasOwnProperty.call(m, "flannelBackend")) {
                    d.flannelBackend = m.flannelBackend;
                }
                if (m.disable && m.disable.length) {
                    d.disable = $Array(m.disable.length);
                    for (var j = 0; j < m.disable.length; ++j) {
                        d.disable[j] = m.disable[j];
                    }
                }
                if (m.secretsEncryption != null && $Object.hasOwnProperty.call(m, "secretsEncryption")) {
                    d.secretsEncryption = m.secretsEncryption;
                }
                if (m.nodeIp != null && $Object.hasOwnProperty.call(m, "nodeIp")) {
                    d.nodeIp = m.nodeIp;
                }
                if (m.nodeExternalIp != null && $Object.hasOwnProperty.call(m, "nodeExternalIp")) {
                    d.nodeExternalIp = m.nodeExternalIp;
                }
                if (m.flannelIface != null && $Object.hasOwnProperty.call(m, "flannelIface")) {
                    d.flannelIface = m.flannelIface;
                }
                if (m.manifests && m.manifests.length) {
                    d.manifests = $Array(m.manifests.length);
                    for (var j = 0; j < m.manifests.length; ++j) {
                        d.manifests[j] = $root.k3sgrid.v1.Manifest.toObject(m.manifests[j], o, q + 1);
                    }
                }
                if (m.lb != null && $Object.hasOwnProperty.call(m, "lb")) {
                    d.lb = $root.k3sgrid.v1.LbConfig.toObject(m.lb, o, q + 1);
                }
                if (m.sealedSecrets != null && $Object.hasOwnProperty.call(m, "sealedSecrets")) {
                    d.sealedSecrets = o.bytes === $String ? $util.base64.encode(m.sealedSecrets, 0, m.sealedSecrets.length) : o.bytes === $Array ? $Array.prototype.slice.call(m.sealedSecrets) : m.sealedSecrets;
                }
                if (m.clusterName != null && $Object.hasOwnProperty.call(m, "clusterName")) {
                    d.clusterName = m.clusterName;
                }
                if (m.datastoreEndpoint != null && $Object.hasOwnProperty.call(m, "datastoreEndpoint")) {
                    d.datastoreEndpoint = m.datastoreEndpoint;
                }
                if (m.k3sRelease != null && $Object.hasOwnProperty.call(m, "k3sRelease")) {
                    d.k3sRelease = $root.k3sgrid.v1.K3sRelease.toObject(m.k3sRelease, o, q + 1);
                }
                if (m.advertiseAddress != null && $Object.hasOwnProperty.call(m, "advertiseAddress")) {
                    d.advertiseAddress = m.advertiseAddress;
                }
                if (m.nodePrep != null && $Object.hasOwnProperty.call(m, "nodePrep")) {
                    d.nodePrep = $root.k3sgrid.v1.NodePrep.toObject(m.nodePrep, o, q + 1);
                }
                if (m.disableNetworkPolicy != null && $Object.hasOwnProperty.call(m, "disableNetworkPolicy")) {
                    d.disableNetworkPolicy = m.disableNetworkPolicy;
                }
                return d;
            };

            /**
             * Converts this AssignmentBody to JSON.
             * @function toJSON
             * @memberof k3sgrid.v1.AssignmentBody
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            AssignmentBody.prototype.toJSON = function() {
                return AssignmentBody.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for AssignmentBody
             * @function getTypeUrl
             * @memberof k3sgrid.v1.AssignmentBody
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            AssignmentBody.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/k3sgrid.v1.AssignmentBody";
            };

            return AssignmentBody;
        })();

        v1.NodePrep = (function() {

            /**
             * Properties of a NodePrep.
             * @typedef {Object} k3sgrid.v1.NodePrep.$Properties
             * @property {Array.<string>|null} [modules] NodePrep modules
             * @property {Array.<string>|null} [services] NodePrep services
             * @property {string|null} [reason] NodePrep reason
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a NodePrep.
             * @memberof k3sgrid.v1
             * @interface INodePrep
             * @augments k3sgrid.v1.NodePrep.$Properties
             * @deprecated Use k3sgrid.v1.NodePrep.$Properties instead.
             */

            /**
             * Shape of a NodePrep.
             * @typedef {k3sgrid.v1.NodePrep.$Properties} k3sgrid.v1.NodePrep.$Shape
             */

            /**
             * Constructs a new NodePrep.
             * @memberof k3sgrid.v1
             * @classdesc Represents a NodePrep.
             * @constructor
             * @param {k3sgrid.v1.NodePrep.$Properties=} [p] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const NodePrep = function (p) {
                this.modules = [];
                this.services = [];
                if (p)
                    for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            };

            /**
             * NodePrep modules.
             * @member {Array.<string>} modules
             * @memberof k3sgrid.v1.NodePrep
             * @instance
             */
            NodePrep.prototype.modules = $util.emptyArray;

            /**
             * NodePrep services.
             * @member {Array.<string>} services
             * @memberof k3sgrid.v1.NodePrep
             * @instance
             */
            NodePrep.prototype.services = $util.emptyArray;

            /**
             * NodePrep reason.
             * @member {string} reason
             * @memberof k3sgrid.v1.NodePrep
             * @instance
             */
            NodePrep.prototype.reason = "";

            /**
             * Creates a new NodePrep instance using the specified properties.
             * @function create
             * @memberof k3sgrid.v1.NodePrep
             * @static
             * @param {k3sgrid.v1.NodePrep.$Properties=} [properties] Properties to set
             * @returns {k3sgrid.v1.NodePrep} NodePrep instance
             * @type {{
             *   (properties: k3sgrid.v1.NodePrep.$Shape): k3sgrid.v1.NodePrep & k3sgrid.v1.NodePrep.$Shape;
             *   (properties?: k3sgrid.v1.NodePrep.$Properties): k3sgrid.v1.NodePrep;
             * }}
             */
            NodePrep.create = function(properties) {
                return new NodePrep(properties);
            };

            /**
             * Encodes the specified NodePrep message. Does not implicitly {@link k3sgrid.v1.NodePrep.verify|verify} messages.
             * @function encode
             * @memberof k3sgrid.v1.NodePrep
             * @static
             * @param {k3sgrid.v1.NodePrep.$Properties} m NodePrep message or plain object to encode
             * @param {$protobuf.Writer} [w] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            NodePrep.encode = function (m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (m.modules != null && m.modules.length) {
                    for (var i = 0; i < m.modules.length; ++i)
                        w.uint32(/* id 1, wireType 2 =*/10).string(m.modules[i]);
                }
                if (m.services != null && m.services.length) {
                    for (var i = 0; i < m.services.length; ++i)
                        w.uint32(/* id 2, wireType 2 =*/18).string(m.services[i]);
                }
                if (m.reason != null && $Object.hasOwnProperty.call(m, "reason") && m.reason !== "")
                    w.uint32(/* id 3, wireType 2 =*/26).string(m.reason);
                if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                    for (var i = 0; i < m.$unknowns.length; ++i)
                        w.raw(m.$unknowns[i]);
                return w;
            };

            /**
             * Encodes the specified NodePrep message, length delimited. Does not implicitly {@link k3sgrid.v1.NodePrep.verify|verify} messages.
             * @function encodeDelimited
             * @memberof k3sgrid.v1.NodePrep
             * @static
             * @param {k3sgrid.v1.NodePrep.$Properties} message NodePrep message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            NodePrep.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a NodePrep message from the specified reader or buffer.
             * @function decode
             * @memberof k3sgrid.v1.NodePrep
             * @static
             * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
             * @param {number} [l] Message length if known beforehand
             * @returns {k3sgrid.v1.NodePrep & k3sgrid.v1.NodePrep.$Shape} NodePrep
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            NodePrep.decode = function (r, l, z, q, g) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (q === $undefined)
                    q = 0;
                if (q > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var c, m, v;
                if (l === $undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw $RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = g || new $root.k3sgrid.v1.NodePrep();
                while (r.pos < c) {
                    var s = r.pos;
                    var t = r.tag();
                    if (t === z) {
                        z = $undefined;
                        break;
                    }
                    var u = t & 7;
                    switch (t >>>= 3) {
                    case 1: {
                            if (u !== 2)
                                break;
                            if (!(m.modules && m.modules.length))
                                m.modules = [];
                            m.modules.push(r.stringVerify());
                            continue;
                        }
                    case 2: {
                            if (u !== 2)
                                break;
                            if (!(m.services && m.services.length))
                                m.services = [];
                            m.services.push(r.stringVerify());
                            continue;
                        }
                    case 3: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.reason = v;
                            else
                                delete m.reason;
                            continue;
                        }
                    }
                    r.skipType(u, q, t);
                    if (!r.discardUnknown) {
                        $util.makeProp(m, "$unknowns", false);
                        (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                    }
                }
                if (l !== $undefined) {
                    if (r.pos !== c)
                        throw $RangeError("index out of range");
                    r.len = l;
                }
                if (z !== $undefined)
                    throw $Error("missing end group");
                return m;
            };

            /**
             * Decodes a NodePrep message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof k3sgrid.v1.NodePrep
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {k3sgrid.v1.NodePrep & k3sgrid.v1.NodePrep.$Shape} NodePrep
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            NodePrep.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a NodePrep message.
             * @function verify
             * @memberof k3sgrid.v1.NodePrep
             * @static
             * @param {Object.<string,*>} m Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            NodePrep.verify = function (m, q) {
                if (typeof m !== "object" || m === null)
                    return "object expected";
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    return "max depth exceeded";
                if (m.modules != null && $Object.hasOwnProperty.call(m, "modules")) {
                    if (!$Array.isArray(m.modules))
                        return "modules: array expected";
                    for (var i = 0; i < m.modules.length; ++i) {
                        if (!$util.isString(m.modules[i]))
                            return "modules: string[] expected";
                    }
                }
                if (m.services != null && $Object.hasOwnProperty.call(m, "services")) {
                    if (!$Array.isArray(m.services))
                        return "services: array expected";
                    for (var i = 0; i < m.services.length; ++i) {
                        if (!$util.isString(m.services[i]))
                            return "services: string[] expected";
                    }
                }
                if (m.reason != null && $Object.hasOwnProperty.call(m, "reason")) {
                    if (!$util.isString(m.reason))
                        return "reason: string expected";
                }
                return null;
            };

            /**
             * Creates a NodePrep message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof k3sgrid.v1.NodePrep
             * @static
             * @param {Object.<string,*>} d Plain object
             * @returns {k3sgrid.v1.NodePrep} NodePrep
             */
            NodePrep.fromObject = function (d, q) {
                if (d instanceof $root.k3sgrid.v1.NodePrep)
                    return d;
                if (!$util.isObject(d))
                    throw $TypeError(".k3sgrid.v1.NodePrep: object expected");
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                var m = new $root.k3sgrid.v1.NodePrep();
                if (d.modules) {
                    if (!$Array.isArray(d.modules))
                        throw $TypeError(".k3sgrid.v1.NodePrep.modules: array expected");
                    m.modules = $Array(d.modules.length);
                    for (var i = 0; i < d.modules.length; ++i) {
                        m.modules[i] = $String(d.modules[i]);
                    }
                }
                if (d.services) {
                    if (!$Array.isArray(d.services))
                        throw $TypeError(".k3sgrid.v1.NodePrep.services: array expected");
                    m.services = $Array(d.services.length);
                    for (var i = 0; i < d.services.length; ++i) {
                        m.services[i] = $String(d.services[i]);
                    }
                }
                if (d.reason != null) {
                    if (typeof d.reason !== "string" || d.reason.length) {
                        m.reason = $String(d.reason);
                    }
                }
                return m;
            };

            /**
             * Creates a plain object from a NodePrep message. Also converts values to other types if specified.
             * @function toObject
             * @memberof k3sgrid.v1.NodePrep
             * @static
             * @param {k3sgrid.v1.NodePrep} m NodePrep
             * @param {$protobuf.IConversionOptions} [o] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            NodePrep.toObject = function (m, o, q) {
                if (!o)
                    o = {};
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                var d = {};
                if (o.arrays || o.defaults) {
                    d.modules = [];
                    d.services = [];
                }
                if (o.defaults) {
                    d.reason = "";
                }
                if (m.modules && m.modules.length) {
                    d.modules = $Array(m.modules.length);
                    for (var j = 0; j < m.modules.length; ++j) {
                        d.modules[j] = m.modules[j];
                    }
                }
                if (m.services && m.services.length) {
                    d.services = $Array(m.services.length);
                    for (var j = 0; j < m.services.length; ++j) {
                        d.services[j] = m.services[j];
                    }
                }
                if (m.reason != null && $Object.hasOwnProperty.call(m, "reason")) {
                    d.reason = m.reason;
                }
                return d;
            };

            /**
             * Converts this NodePrep to JSON.
             * @function toJSON
             * @memberof k3sgrid.v1.NodePrep
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            NodePrep.prototype.toJSON = function() {
                return NodePrep.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for NodePrep
             * @function getTypeUrl
             * @memberof k3sgrid.v1.NodePrep
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            NodePrep.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/k3sgrid.v1.NodePrep";
            };

            return NodePrep;
        })();

        v1.K3sRelease = (function() {

            /**
             * Properties of a K3sRelease.
             * @typedef {Object} k3sgrid.v1.K3sRelease.$Properties
             * @property {string|null} [version] K3sRelease version
             * @property {string|null} [arch] K3sRelease arch
             * @property {string|null} [sha256] K3sRelease sha256
             * @property {number|null} [size] K3sRelease size
             * @property {string|null} [imagesName] K3sRelease imagesName
             * @property {string|null} [imagesSha256] K3sRelease imagesSha256
             * @property {number|null} [imagesSize] K3sRelease imagesSize
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a K3sRelease.
             * @memberof k3sgrid.v1
             * @interface IK3sRelease
             * @augments k3sgrid.v1.K3sRelease.$Properties
             * @deprecated Use k3sgrid.v1.K3sRelease.$Properties instead.
             */

            /**
             * Shape of a K3sRelease.
             * @typedef {k3sgrid.v1.K3sRelease.$Properties} k3sgrid.v1.K3sRelease.$Shape
             */

            /**
             * Constructs a new K3sRelease.
             * @memberof k3sgrid.v1
             * @classdesc Represents a K3sRelease.
             * @constructor
             * @param {k3sgrid.v1.K3sRelease.$Properties=} [p] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const K3sRelease = function (p) {
                if (p)
                    for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            };

            /**
             * K3sRelease version.
             * @member {string} version
             * @memberof k3sgrid.v1.K3sRelease
             * @instance
             */
            K3sRelease.prototype.version = "";

            /**
             * K3sRelease arch.
             * @member {string} arch
             * @memberof k3sgrid.v1.K3sRelease
             * @instance
             */
            K3sRelease.prototype.arch = "";

            /**
             * K3sRelease sha256.
             * @member {string} sha256
             * @memberof k3sgrid.v1.K3sRelease
             * @instance
             */
            K3sRelease.prototype.sha256 = "";

            /**
             * K3sRelease size.
             * @member {number} size
             * @memberof k3sgrid.v1.K3sRelease
             * @instance
             */
            K3sRelease.prototype.size = 0;

            /**
             * K3sRelease imagesName.
             * @member {string} imagesName
             * @memberof k3sgrid.v1.K3sRelease
             * @instance
             */
            K3sRelease.prototype.imagesName = "";

            /**
             * K3sRelease imagesSha256.
             * @member {string} imagesSha256
             * @memberof k3sgrid.v1.K3sRelease
             * @instance
             */
            K3sRelease.prototype.imagesSha256 = "";

            /**
             * K3sRelease imagesSize.
             * @member {number} imagesSize
             * @memberof k3sgrid.v1.K3sRelease
             * @instance
             */
            K3sRelease.prototype.imagesSize = 0;

            /**
             * Creates a new K3sRelease instance using the specified properties.
             * @function create
             * @memberof k3sgrid.v1.K3sRelease
             * @static
             * @param {k3sgrid.v1.K3sRelease.$Properties=} [properties] Properties to set
             * @returns {k3sgrid.v1.K3sRelease} K3sRelease instance
             * @type {{
             *   (properties: k3sgrid.v1.K3sRelease.$Shape): k3sgrid.v1.K3sRelease & k3sgrid.v1.K3sRelease.$Shape;
             *   (properties?: k3sgrid.v1.K3sRelease.$Properties): k3sgrid.v1.K3sRelease;
             * }}
             */
            K3sRelease.create = function(properties) {
                return new K3sRelease(properties);
            };

            /**
             * Encodes the specified K3sRelease message. Does not implicitly {@link k3sgrid.v1.K3sRelease.verify|verify} messages.
             * @function encode
             * @memberof k3sgrid.v1.K3sRelease
             * @static
             * @param {k3sgrid.v1.K3sRelease.$Properties} m K3sRelease message or plain object to encode
             * @param {$protobuf.Writer} [w] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            K3sRelease.encode = function (m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (m.version != null && $Object.hasOwnProperty.call(m, "version") && m.version !== "")
                    w.uint32(/* id 1, wireType 2 =*/10).string(m.version);
                if (m.arch != null && $Object.hasOwnProperty.call(m, "arch") && m.arch !== "")
                    w.uint32(/* id 2, wireType 2 =*/18).string(m.arch);
                if (m.sha256 != null && $Object.hasOwnProperty.call(m, "sha256") && m.sha256 !== "")
                    w.uint32(/* id 3, wireType 2 =*/26).string(m.sha256);
                if (m.size != null && $Object.hasOwnProperty.call(m, "size") && (typeof m.size === "object" ? m.size.low || m.size.high : m.size !== 0))
                    w.uint32(/* id 4, wireType 0 =*/32).uint64(m.size);
                if (m.imagesName != null && $Object.hasOwnProperty.call(m, "imagesName") && m.imagesName !== "")
                    w.uint32(/* id 5, wireType 2 =*/42).string(m.imagesName);
                if (m.imagesSha256 != null && $Object.hasOwnProperty.call(m, "imagesSha256") && m.imagesSha256 !== "")
                    w.uint32(/* id 6, wireType 2 =*/50).string(m.imagesSha256);
                if (m.imagesSize != null && $Object.hasOwnProperty.call(m, "imagesSize") && (typeof m.imagesSize === "object" ? m.imagesSize.low || m.imagesSize.high : m.imagesSize !== 0))
                    w.uint32(/* id 7, wireType 0 =*/56).uint64(m.imagesSize);
                if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                    for (var i = 0; i < m.$unknowns.length; ++i)
                        w.raw(m.$unknowns[i]);
                return w;
            };

            /**
             * Encodes the specified K3sRelease message, length delimited. Does not implicitly {@link k3sgrid.v1.K3sRelease.verify|verify} messages.
             * @function encodeDelimited
             * @memberof k3sgrid.v1.K3sRelease
             * @static
             * @param {k3sgrid.v1.K3sRelease.$Properties} message K3sRelease message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            K3sRelease.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a K3sRelease message from the specified reader or buffer.
             * @function decode
             * @memberof k3sgrid.v1.K3sRelease
             * @static
             * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
             * @param {number} [l] Message length if known beforehand
             * @returns {k3sgrid.v1.K3sRelease & k3sgrid.v1.K3sRelease.$Shape} K3sRelease
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            K3sRelease.decode = function (r, l, z, q, g) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (q === $undefined)
                    q = 0;
                if (q > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var c, m, v;
                if (l === $undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw $RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = g || new $root.k3sgrid.v1.K3sRelease();
                while (r.pos < c) {
                    var s = r.pos;
                    var t = r.tag();
                    if (t === z) {
                        z = $undefined;
                        break;
                    }
                    var u = t & 7;
                    switch (t >>>= 3) {
                    case 1: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.version = v;
                            else
                                delete m.version;
                            continue;
                        }
                    case 2: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.arch = v;
                            else
                                delete m.arch;
                            continue;
                        }
                    case 3: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.sha256 = v;
                            else
                                delete m.sha256;
                            continue;
                        }
                    case 4: {
                            if (u !== 0)
                                break;
                            if (typeof (v = r.uint64()) === "object" ? v.low || v.high : v !== 0)
                                m.size = v;
                            else
                                delete m.size;
                            continue;
                        }
                    case 5: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.imagesName = v;
                            else
                                delete m.imagesName;
                            continue;
                        }
                    case 6: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.imagesSha256 = v;
                            else
                                delete m.imagesSha256;
                            continue;
                        }
                    case 7: {
                            if (u !== 0)
                                break;
                            if (typeof (v = r.uint64()) === "object" ? v.low || v.high : v !== 0)
                                m.imagesSize = v;
                            else
                                delete m.imagesSize;
                            continue;
                        }
                    }
                    r.skipType(u, q, t);
                    if (!r.discardUnknown) {
                        $util.makeProp(m, "$unknowns", false);
                        (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                    }
                }
                if (l !== $undefined) {
                    if (r.pos !== c)
                        throw $RangeError("index out of range");
                    r.len = l;
                }
                if (z !== $undefined)
                    throw $Error("missing end group");
                return m;
            };

            /**
             * Decodes a K3sRelease message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof k3sgrid.v1.K3sRelease
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {k3sgrid.v1.K3sRelease & k3sgrid.v1.K3sRelease.$Shape} K3sRelease
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            K3sRelease.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a K3sRelease message.
             * @function verify
             * @memberof k3sgrid.v1.K3sRelease
             * @static
             * @param {Object.<string,*>} m Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            K3sRelease.verify = function (m, q) {
                if (typeof m !== "object" || m === null)
                    return "object expected";
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    return "max depth exceeded";
                if (m.version != null && $Object.hasOwnProperty.call(m, "version")) {
                    if (!$util.isString(m.version))
                        return "version: string expected";
                }
                if (m.arch != null && $Object.hasOwnProperty.call(m, "arch")) {
                    if (!$util.isString(m.arch))
                        return "arch: string expected";
                }
                if (m.sha256 != null && $Object.hasOwnProperty.call(m, "sha256")) {
                    if (!$util.isString(m.sha256))
                        return "sha256: string expected";
                }
                if (m.size != null && $Object.hasOwnProperty.call(m, "size")) {
                    if (!$util.isInteger(m.size) && !(m.size && $util.isInteger(m.size.low) && $util.isInteger(m.size.high)))
                        return "size: integer|Long expected";
                }
                if (m.imagesName != null && $Object.hasOwnProperty.call(m, "imagesName")) {
                    if (!$util.isString(m.imagesName))
                        return "imagesName: string expected";
                }
                if (m.imagesSha256 != null && $Object.hasOwnProperty.call(m, "imagesSha256")) {
                    if (!$util.isString(m.imagesSha256))
                        return "imagesSha256: string expected";
                }
                if (m.imagesSize != null && $Object.hasOwnProperty.call(m, "imagesSize")) {
                    if (!$util.isInteger(m.imagesSize) && !(m.imagesSize && $util.isInteger(m.imagesSize.low) && $util.isInteger(m.imagesSize.high)))
                        return "imagesSize: integer|Long expected";
                }
                return null;
            };

            /**
             * Creates a K3sRelease message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof k3sgrid.v1.K3sRelease
             * @static
             * @param {Object.<string,*>} d Plain object
             * @returns {k3sgrid.v1.K3sRelease} K3sRelease
             */
            K3sRelease.fromObject = function (d, q) {
                if (d instanceof $root.k3sgrid.v1.K3sRelease)
                    return d;
                if (!$util.isObject(d))
                    throw $TypeError(".k3sgrid.v1.K3sRelease: object expected");
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                var m = new $root.k3sgrid.v1.K3sRelease();
                if (d.version != null) {
                    if (typeof d.version !== "string" || d.version.length) {
                        m.version = $String(d.version);
                    }
                }
                if (d.arch != null) {
                    if (typeof d.arch !== "string" || d.arch.length) {
                        m.arch = $String(d.arch);
                    }
                }
                if (d.sha256 != null) {
                    if (typeof d.sha256 !== "string" || d.sha256.length) {
                        m.sha256 = $String(d.sha256);
                    }
                }
                if (d.size != null) {
                    if (typeof d.size === "object" ? d.size.low || d.size.high : $Number(d.size) !== 0) {
                        if ($util.Long)
                            m.size = $util.Long.fromValue(d.size, true);
                        else if (typeof d.size === "string")
                            m.size = $parseInt(d.size, 10);
                        else if (typeof d.size === "number")
                            m.size = d.size;
                        else if (typeof d.size === "object")
                            m.size = new $util.LongBits(d.size.low >>> 0, d.size.high >>> 0).toNumber(true);
                    }
                }
                if (d.imagesName != null) {
                    if (typeof d.imagesName !== "string" || d.imagesName.length) {
                        m.imagesName = $String(d.imagesName);
                    }
                }
                if (d.imagesSha256 != null) {
                    if (typeof d.imagesSha256 !== "string" || d.imagesSha256.length) {
                        m.imagesSha256 = $String(d.imagesSha256);
                    }
                }
                if (d.imagesSize != null) {
                    if (typeof d.imagesSize === "object" ? d.imagesSize.low || d.imagesSize.high : $Number(d.imagesSize) !== 0) {
                        if ($util.Long)
                            m.imagesSize = $util.Long.fromValue(d.imagesSize, true);
                        else if (typeof d.imagesSize === "string")
                            m.imagesSize = $parseInt(d.imagesSize, 10);
                        else if (typeof d.imagesSize === "number")
                            m.imagesSize = d.imagesSize;
                        else if (typeof d.imagesSize === "object")
                            m.imagesSize = new $util.LongBits(d.imagesSize.low >>> 0, d.imagesSize.high >>> 0).toNumber(true);
                    }
                }
                return m;
            };

            /**
             * Creates a plain object from a K3sRelease message. Also converts values to other types if specified.
             * @function toObject
             * @memberof k3sgrid.v1.K3sRelease
             * @static
             * @param {k3sgrid.v1.K3sRelease} m K3sRelease
             * @param {$protobuf.IConversionOptions} [o] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            K3sRelease.toObject = function (m, o, q) {
                if (!o)
                    o = {};
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                var d = {};
                if (o.defaults) {
                    d.version = "";
                    d.arch = "";
                    d.sha256 = "";
                    if ($util.Long) {
                        var n = new $util.Long(0, 0, true);
                        d.size = o.longs === $String ? n.toString() : o.longs === $Number ? n.toNumber() : typeof $BigInt !== "undefined" && o.longs === $BigInt ? n.toBigInt() : n;
                    } else
                        d.size = o.longs === $String ? "0" : typeof $BigInt !== "undefined" && o.longs === $BigInt ? $BigInt("0") : 0;
                    d.imagesName = "";
                    d.imagesSha256 = "";
                    if ($util.Long) {
                        var n = new $util.Long(0, 0, true);
                        d.imagesSize = o.longs === $String ? n.toString() : o.longs === $Number ? n.toNumber() : typeof $BigInt !== "undefined" && o.longs === $BigInt ? n.toBigInt() : n;
                    } else
                        d.imagesSize = o.longs === $String ? "0" : typeof $BigInt !== "undefined" && o.longs === $BigInt ? $BigInt("0") : 0;
                }
                if (m.version != null && $Object.hasOwnProperty.call(m, "version")) {
                    d.version = m.version;
                }
                if (m.arch != null && $Object.hasOwnProperty.call(m, "arch")) {
                    d.arch = m.arch;
                }
                if (m.sha256 != null && $Object.hasOwnProperty.call(m, "sha256")) {
                    d.sha256 = m.sha256;
                }
                if (m.size != null && $Object.hasOwnProperty.call(m, "size")) {
                    if (typeof $BigInt !== "undefined" && o.longs === $BigInt)
                        d.size = typeof m.size === "number" ? $BigInt(m.size) : $util.Long.fromBits(m.size.low >>> 0, m.size.high >>> 0, true).toBigInt();
                    else if (typeof m.size === "number")
                        d.size = o.longs === $String ? $String(m.size) : m.size;
                    else
                        d.size = o.longs === $String ? $util.Long.prototype.toString.call(m.size) : o.longs === $Number ? new $util.LongBits(m.size.low >>> 0, m.size.high >>> 0).toNumber(true) : m.size;
                }
                if (m.imagesName != null && $Object.hasOwnProperty.call(m, "imagesName")) {
                    d.imagesName = m.imagesName;
                }
                if (m.imagesSha256 != null && $Object.hasOwnProperty.call(m, "imagesSha256")) {
                    d.imagesSha256 = m.imagesSha256;
                }
                if (m.imagesSize != null && $Object.hasOwnProperty.call(m, "imagesSize")) {
                    if (typeof $BigInt !== "undefined" && o.longs === $BigInt)
                        d.imagesSize = typeof m.imagesSize === "number" ? $BigInt(m.imagesSize) : $util.Long.fromBits(m.imagesSize.low >>> 0, m.imagesSize.high >>> 0, true).toBigInt();
                    else if (typeof m.imagesSize === "number")
                        d.imagesSize = o.longs === $String ? $String(m.imagesSize) : m.imagesSize;
                    else
                        d.imagesSize = o.longs === $String ? $util.Long.prototype.toString.call(m.imagesSize) : o.longs === $Number ? new $util.LongBits(m.imagesSize.low >>> 0, m.imagesSize.high >>> 0).toNumber(true) : m.imagesSize;
                }
                return d;
            };

            /**
             * Converts this K3sRelease to JSON.
             * @function toJSON
             * @memberof k3sgrid.v1.K3sRelease
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            K3sRelease.prototype.toJSON = function() {
                return K3sRelease.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for K3sRelease
             * @function getTypeUrl
             * @memberof k3sgrid.v1.K3sRelease
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            K3sRelease.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/k3sgrid.v1.K3sRelease";
            };

            return K3sRelease;
        })();

        v1.Manifest = (function() {

            /**
             * Properties of a Manifest.
             * @typedef {Object} k3sgrid.v1.Manifest.$Properties
             * @property {string|null} [name] Manifest name
             * @property {string|null} [content] Manifest content
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Manifest.
             * @memberof k3sgrid.v1
             * @interface IManifest
             * @augments k3sgrid.v1.Manifest.$Properties
             * @deprecated Use k3sgrid.v1.Manifest.$Properties instead.
             */

            /**
             * Shape of a Manifest.
             * @typedef {k3sgrid.v1.Manifest.$Properties} k3sgrid.v1.Manifest.$Shape
             */

            /**
             * Constructs a new Manifest.
             * @memberof k3sgrid.v1
             * @classdesc Represents a Manifest.
             * @constructor
             * @param {k3sgrid.v1.Manifest.$Properties=} [p] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Manifest = function (p) {
                if (p)
                    for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            };

            /**
             * Manifest name.
             * @member {string} name
             * @memberof k3sgrid.v1.Manifest
             * @instance
             */
            Manifest.prototype.name = "";

            /**
             * Manifest content.
             * @member {string} content
             * @memberof k3sgrid.v1.Manifest
             * @instance
             */
            Manifest.prototype.content = "";

            /**
             * Creates a new Manifest instance using the specified properties.
             * @function create
             * @memberof k3sgrid.v1.Manifest
             * @static
             * @param {k3sgrid.v1.Manifest.$Properties=} [properties] Properties to set
             * @returns {k3sgrid.v1.Manifest} Manifest instance
             * @type {{
             *   (properties: k3sgrid.v1.Manifest.$Shape): k3sgrid.v1.Manifest & k3sgrid.v1.Manifest.$Shape;
             *   (properties?: k3sgrid.v1.Manifest.$Properties): k3sgrid.v1.Manifest;
             * }}
             */
            Manifest.create = function(properties) {
                return new Manifest(properties);
            };

            /**
             * Encodes the specified Manifest message. Does not implicitly {@link k3sgrid.v1.Manifest.verify|verify} messages.
             * @function encode
             * @memberof k3sgrid.v1.Manifest
             * @static
             * @param {k3sgrid.v1.Manifest.$Properties} m Manifest message or plain object to encode
             * @param {$protobuf.Writer} [w] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Manifest.encode = function (m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (m.name != null && $Object.hasOwnProperty.call(m, "name") && m.name !== "")
                    w.uint32(/* id 1, wireType 2 =*/10).string(m.name);
                if (m.content != null && $Object.hasOwnProperty.call(m, "content") && m.content !== "")
                    w.uint32(/* id 2, wireType 2 =*/18).string(m.content);
                if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                    for (var i = 0; i < m.$unknowns.length; ++i)
                        w.raw(m.$unknowns[i]);
                return w;
            };

            /**
             * Encodes the specified Manifest message, length delimited. Does not implicitly {@link k3sgrid.v1.Manifest.verify|verify} messages.
             * @function encodeDelimited
             * @memberof k3sgrid.v1.Manifest
             * @static
             * @param {k3sgrid.v1.Manifest.$Properties} message Manifest message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Manifest.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a Manifest message from the specified reader or buffer.
             * @function decode
             * @memberof k3sgrid.v1.Manifest
             * @static
             * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
             * @param {number} [l] Message length if known beforehand
             * @returns {k3sgrid.v1.Manifest & k3sgrid.v1.Manifest.$Shape} Manifest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Manifest.decode = function (r, l, z, q, g) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (q === $undefined)
                    q = 0;
                if (q > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var c, m, v;
                if (l === $undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw $RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = g || new $root.k3sgrid.v1.Manifest();
                while (r.pos < c) {
                    var s = r.pos;
                    var t = r.tag();
                    if (t === z) {
                        z = $undefined;
                        break;
                    }
                    var u = t & 7;
                    switch (t >>>= 3) {
                    case 1: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.name = v;
                            else
                                delete m.name;
                            continue;
                        }
                    case 2: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.content = v;
                            else
                                delete m.content;
                            continue;
                        }
                    }
                    r.skipType(u, q, t);
                    if (!r.discardUnknown) {
                        $util.makeProp(m, "$unknowns", false);
                        (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                    }
                }
                if (l !== $undefined) {
                    if (r.pos !== c)
                        throw $RangeError("index out of range");
                    r.len = l;
                }
                if (z !== $undefined)
                    throw $Error("missing end group");
                return m;
            };

            /**
             * Decodes a Manifest message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof k3sgrid.v1.Manifest
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {k3sgrid.v1.Manifest & k3sgrid.v1.Manifest.$Shape} Manifest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Manifest.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a Manifest message.
             * @function verify
             * @memberof k3sgrid.v1.Manifest
             * @static
             * @param {Object.<string,*>} m Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            Manifest.verify = function (m, q) {
                if (typeof m !== "object" || m === null)
                    return "object expected";
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    return "max depth exceeded";
                if (m.name != null && $Object.hasOwnProperty.call(m, "name")) {
                    if (!$util.isString(m.name))
                        return "name: string expected";
                }
                if (m.content != null && $Object.hasOwnProperty.call(m, "content")) {
                    if (!$util.isString(m.content))
                        return "content: string expected";
                }
                return null;
            };

            /**
             * Creates a Manifest message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof k3sgrid.v1.Manifest
             * @static
             * @param {Object.<string,*>} d Plain object
             * @returns {k3sgrid.v1.Manifest} Manifest
             */
            Manifest.fromObject = function (d, q) {
                if (d instanceof $root.k3sgrid.v1.Manifest)
                    return d;
                if (!$util.isObject(d))
                    throw $TypeError(".k3sgrid.v1.Manifest: object expected");
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                var m = new $root.k3sgrid.v1.Manifest();
                if (d.name != null) {
                    if (typeof d.name !== "string" || d.name.length) {
                        m.name = $String(d.name);
                    }
                }
                if (d.content != null) {
                    if (typeof d.content !== "string" || d.content.length) {
                        m.content = $String(d.content);
                    }
                }
                return m;
            };

            /**
             * Creates a plain object from a Manifest message. Also converts values to other types if specified.
             * @function toObject
             * @memberof k3sgrid.v1.Manifest
             * @static
             * @param {k3sgrid.v1.Manifest} m Manifest
             * @param {$protobuf.IConversionOptions} [o] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Manifest.toObject = function (m, o, q) {
                if (!o)
                    o = {};
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                var d = {};
                if (o.defaults) {
                    d.name = "";
                    d.content = "";
                }
                if (m.name != null && $Object.hasOwnProperty.call(m, "name")) {
                    d.name = m.name;
                }
                if (m.content != null && $Object.hasOwnProperty.call(m, "content")) {
                    d.content = m.content;
                }
                return d;
            };

            /**
             * Converts this Manifest to JSON.
             * @function toJSON
             * @memberof k3sgrid.v1.Manifest
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Manifest.prototype.toJSON = function() {
                return Manifest.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for Manifest
             * @function getTypeUrl
             * @memberof k3sgrid.v1.Manifest
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            Manifest.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/k3sgrid.v1.Manifest";
            };

            return Manifest;
        })();

        v1.LbConfig = (function() {

            /**
             * Properties of a LbConfig.
             * @typedef {Object} k3sgrid.v1.LbConfig.$Properties
             * @property {string|null} [bind] LbConfig bind
             * @property {Array.<string>|null} [backends] LbConfig backends
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a LbConfig.
             * @memberof k3sgrid.v1
             * @interface ILbConfig
             * @augments k3sgrid.v1.LbConfig.$Properties
             * @deprecated Use k3sgrid.v1.LbConfig.$Properties instead.
             */

            /**
             * Shape of a LbConfig.
             * @typedef {k3sgrid.v1.LbConfig.$Properties} k3sgrid.v1.LbConfig.$Shape
             */

            /**
             * Constructs a new LbConfig.
             * @memberof k3sgrid.v1
             * @classdesc Represents a LbConfig.
             * @constructor
             * @param {k3sgrid.v1.LbConfig.$Properties=} [p] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const LbConfig = function (p) {
                this.backends = [];
                if (p)
                    for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            };

            /**
             * LbConfig bind.
             * @member {string} bind
             * @memberof k3sgrid.v1.LbConfig
             * @instance
             */
            LbConfig.prototype.bind = "";

            /**
             * LbConfig backends.
             * @member {Array.<string>} backends
             * @memberof k3sgrid.v1.LbConfig
             * @instance
             */
            LbConfig.prototype.backends = $util.emptyArray;

            /**
             * Creates a new LbConfig instance using the specified properties.
             * @function create
             * @memberof k3sgrid.v1.LbConfig
             * @static
             * @param {k3sgrid.v1.LbConfig.$Properties=} [properties] Properties to set
             * @returns {k3sgrid.v1.LbConfig} LbConfig instance
             * @type {{
             *   (properties: k3sgrid.v1.LbConfig.$Shape): k3sgrid.v1.LbConfig & k3sgrid.v1.LbConfig.$Shape;
             *   (properties?: k3sgrid.v1.LbConfig.$Properties): k3sgrid.v1.LbConfig;
             * }}
             */
            LbConfig.create = function(properties) {
                return new LbConfig(properties);
            };

            /**
             * Encodes the specified LbConfig message. Does not implicitly {@link k3sgrid.v1.LbConfig.verify|verify} messages.
             * @function encode
             * @memberof k3sgrid.v1.LbConfig
             * @static
             * @param {k3sgrid.v1.LbConfig.$Properties} m LbConfig message or plain object to encode
             * @param {$protobuf.Writer} [w] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            LbConfig.encode = function (m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (m.bind != null && $Object.hasOwnProperty.call(m, "bind") && m.bind !== "")
                    w.uint32(/* id 1, wireType 2 =*/10).string(m.bind);
                if (m.backends != null && m.backends.length) {
                    for (var i = 0; i < m.backends.length; ++i)
                        w.uint32(/* id 2, wireType 2 =*/18).string(m.backends[i]);
                }
                if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                    for (var i = 0; i < m.$unknowns.length; ++i)
                        w.raw(m.$unknowns[i]);
                return w;
            };

            /**
             * Encodes the specified LbConfig message, length delimited. Does not implicitly {@link k3sgrid.v1.LbConfig.verify|verify} messages.
             * @function encodeDelimited
             * @memberof k3sgrid.v1.LbConfig
             * @static
             * @param {k3sgrid.v1.LbConfig.$Properties} message LbConfig message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            LbConfig.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a LbConfig message from the specified reader or buffer.
             * @function decode
             * @memberof k3sgrid.v1.LbConfig
             * @static
             * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
             * @param {number} [l] Message length if known beforehand
             * @returns {k3sgrid.v1.LbConfig & k3sgrid.v1.LbConfig.$Shape} LbConfig
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            LbConfig.decode = function (r, l, z, q, g) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (q === $undefined)
                    q = 0;
                if (q > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var c, m, v;
                if (l === $undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw $RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = g || new $root.k3sgrid.v1.LbConfig();
                while (r.pos < c) {
                    var s = r.pos;
                    var t = r.tag();
                    if (t === z) {
                        z = $undefined;
                        break;
                    }
                    var u = t & 7;
                    switch (t >>>= 3) {
                    case 1: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.bind = v;
                            else
                                delete m.bind;
                            continue;
                        }
                    case 2: {
                            if (u !== 2)
                                break;
                            if (!(m.backends && m.backends.length))
                                m.backends = [];
                            m.backends.push(r.stringVerify());
                            continue;
                        }
                    }
                    r.skipType(u, q, t);
                    if (!r.discardUnknown) {
                        $util.makeProp(m, "$unknowns", false);
                        (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                    }
                }
                if (l !== $undefined) {
                    if (r.pos !== c)
                        throw $RangeError("index out of range");
                    r.len = l;
                }
                if (z !== $undefined)
                    throw $Error("missing end group");
                return m;
            };

            /**
             * Decodes a LbConfig message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof k3sgrid.v1.LbConfig
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {k3sgrid.v1.LbConfig & k3sgrid.v1.LbConfig.$Shape} LbConfig
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            LbConfig.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a LbConfig message.
             * @function verify
             * @memberof k3sgrid.v1.LbConfig
             * @static
             * @param {Object.<string,*>} m Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            LbConfig.verify = function (m, q) {
                if (typeof m !== "object" || m === null)
                    return "object expected";
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    return "max depth exceeded";
                if (m.bind != null && $Object.hasOwnProperty.call(m, "bind")) {
                    if (!$util.isString(m.bind))
                        return "bind: string expected";
                }
                if (m.backends != null && $Object.hasOwnProperty.call(m, "backends")) {
                    if (!$Array.isArray(m.backends))
                        return "backends: array expected";
                    for (var i = 0; i < m.backends.length; ++i) {
                        if (!$util.isString(m.backends[i]))
                            return "backends: string[] expected";
                    }
                }
                return null;
            };

            /**
             * Creates a LbConfig message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof k3sgrid.v1.LbConfig
             * @static
             * @param {Object.<string,*>} d Plain object
             * @returns {k3sgrid.v1.LbConfig} LbConfig
             */
            LbConfig.fromObject = function (d, q) {
                if (d instanceof $root.k3sgrid.v1.LbConfig)
                    return d;
                if (!$util.isObject(d))
                    throw $TypeError(".k3sgrid.v1.LbConfig: object expected");
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                var m = new $root.k3sgrid.v1.LbConfig();
                if (d.bind != null) {
                    if (typeof d.bind !== "string" || d.bind.length) {
                        m.bind = $String(d.bind);
                    }
                }
                if (d.backends) {
                    if (!$Array.isArray(d.backends))
                        throw $TypeError(".k3sgrid.v1.LbConfig.backends: array expected");
                    m.backends = $Array(d.backends.length);
                    for (var i = 0; i < d.backends.length; ++i) {
                        m.backends[i] = $String(d.backends[i]);
                    }
                }
                return m;
            };

            /**
             * Creates a plain object from a LbConfig message. Also converts values to other types if specified.
             * @function toObject
             * @memberof k3sgrid.v1.LbConfig
             * @static
             * @param {k3sgrid.v1.LbConfig} m LbConfig
             * @param {$protobuf.IConversionOptions} [o] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            LbConfig.toObject = function (m, o, q) {
                if (!o)
                    o = {};
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                var d = {};
                if (o.arrays || o.defaults) {
                    d.backends = [];
                }
                if (o.defaults) {
                    d.bind = "";
                }
                if (m.bind != null && $Object.hasOwnProperty.call(m, "bind")) {
                    d.bind = m.bind;
                }
                if (m.backends && m.backends.length) {
                    d.backends = $Array(m.backends.length);
                    for (var j = 0; j < m.backends.length; ++j) {
                        d.backends[j] = m.backends[j];
                    }
                }
                return d;
            };

            /**
             * Converts this LbConfig to JSON.
             * @function toJSON
             * @memberof k3sgrid.v1.LbConfig
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            LbConfig.prototype.toJSON = function() {
                return LbConfig.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for LbConfig
             * @function getTypeUrl
             * @memberof k3sgrid.v1.LbConfig
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            LbConfig.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/k3sgrid.v1.LbConfig";
            };

            return LbConfig;
        })();

        v1.AssignmentSecrets = (function() {

            /**
             * Properties of an AssignmentSecrets.
             * @typedef {Object} k3sgrid.v1.AssignmentSecrets.$Properties
             * @property {string|null} [token] AssignmentSecrets token
             * @property {string|null} [nodePassword] AssignmentSecrets nodePassword
             * @property {string|null} [datastoreCredentials] AssignmentSecrets datastoreCredentials
             * @property {string|null} [agentToken] AssignmentSecrets agentToken
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an AssignmentSecrets.
             * @memberof k3sgrid.v1
             * @interface IAssignmentSecrets
             * @augments k3sgrid.v1.AssignmentSecrets.$Properties
             * @deprecated Use k3sgrid.v1.AssignmentSecrets.$Properties instead.
             */

            /**
             * Shape of an AssignmentSecrets.
             * @typedef {k3sgrid.v1.AssignmentSecrets.$Properties} k3sgrid.v1.AssignmentSecrets.$Shape
             */

            /**
             * Constructs a new AssignmentSecrets.
             * @memberof k3sgrid.v1
             * @classdesc Represents an AssignmentSecrets.
             * @constructor
             * @param {k3sgrid.v1.AssignmentSecrets.$Properties=} [p] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const AssignmentSecrets = function (p) {
                if (p)
                    for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            };

            /**
             * AssignmentSecrets token.
             * @member {string} token
             * @memberof k3sgrid.v1.AssignmentSecrets
             * @instance
             */
            AssignmentSecrets.prototype.token = "";

            /**
             * AssignmentSecrets nodePassword.
             * @member {string} nodePassword
             * @memberof k3sgrid.v1.AssignmentSecrets
             * @instance
             */
            AssignmentSecrets.prototype.nodePassword = "";

            /**
             * AssignmentSecrets datastoreCredentials.
             * @member {string} datastoreCredentials
             * @memberof k3sgrid.v1.AssignmentSecrets
             * @instance
             */
            AssignmentSecrets.prototype.datastoreCredentials = "";

            /**
             * AssignmentSecrets agentToken.
             * @member {string} agentToken
             * @memberof k3sgrid.v1.AssignmentSecrets
             * @instance
             */
            AssignmentSecrets.prototype.agentToken = "";

            /**
             * Creates a new AssignmentSecrets instance using the specified properties.
             * @function create
             * @memberof k3sgrid.v1.AssignmentSecrets
             * @static
             * @param {k3sgrid.v1.AssignmentSecrets.$Properties=} [properties] Properties to set
             * @returns {k3sgrid.v1.AssignmentSecrets} AssignmentSecrets instance
             * @type {{
             *   (properties: k3sgrid.v1.AssignmentSecrets.$Shape): k3sgrid.v1.AssignmentSecrets & k3sgrid.v1.AssignmentSecrets.$Shape;
             *   (properties?: k3sgrid.v1.AssignmentSecrets.$Properties): k3sgrid.v1.AssignmentSecrets;
             * }}
             */
            AssignmentSecrets.create = function(properties) {
                return new AssignmentSecrets(properties);
            };

            /**
             * Encodes the specified AssignmentSecrets message. Does not implicitly {@link k3sgrid.v1.AssignmentSecrets.verify|verify} messages.
             * @function encode
             * @memberof k3sgrid.v1.AssignmentSecrets
             * @static
             * @param {k3sgrid.v1.AssignmentSecrets.$Properties} m AssignmentSecrets message or plain object to encode
             * @param {$protobuf.Writer} [w] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            AssignmentSecrets.encode = function (m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (m.token != null && $Object.hasOwnProperty.call(m, "token") && m.token !== "")
                    w.uint32(/* id 1, wireType 2 =*/10).string(m.token);
                if (m.nodePassword != null && $Object.hasOwnProperty.call(m, "nodePassword") && m.nodePassword !== "")
                    w.uint32(/* id 2, wireType 2 =*/18).string(m.nodePassword);
                if (m.datastoreCredentials != null && $Object.hasOwnProperty.call(m, "datastoreCredentials") && m.datastoreCredentials !== "")
                    w.uint32(/* id 3, wireType 2 =*/26).string(m.datastoreCredentials);
                if (m.agentToken != null && $Object.hasOwnProperty.call(m, "agentToken") && m.agentToken !== "")
                    w.uint32(/* id 4, wireType 2 =*/34).string(m.agentToken);
                if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                    for (var i = 0; i < m.$unknowns.length; ++i)
                        w.raw(m.$unknowns[i]);
                return w;
            };

            /**
             * Encodes the specified AssignmentSecrets message, length delimited. Does not implicitly {@link k3sgrid.v1.AssignmentSecrets.verify|verify} messages.
             * @function encodeDelimited
             * @memberof k3sgrid.v1.AssignmentSecrets
             * @static
             * @param {k3sgrid.v1.AssignmentSecrets.$Properties} message AssignmentSecrets message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            AssignmentSecrets.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes an AssignmentSecrets message from the specified reader or buffer.
             * @function decode
             * @memberof k3sgrid.v1.AssignmentSecrets
             * @static
             * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
             * @param {number} [l] Message length if known beforehand
             * @returns {k3sgrid.v1.AssignmentSecrets & k3sgrid.v1.AssignmentSecrets.$Shape} AssignmentSecrets
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            AssignmentSecrets.decode = function (r, l, z, q, g) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (q === $undefined)
                    q = 0;
                if (q > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var c, m, v;
                if (l === $undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw $RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = g || new $root.k3sgrid.v1.AssignmentSecrets();
                while (r.pos < c) {
                    var s = r.pos;
                    var t = r.tag();
                    if (t === z) {
                        z = $undefined;
                        break;
                    }
                    var u = t & 7;
                    switch (t >>>= 3) {
                    case 1: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.token = v;
                            else
                                delete m.token;
                            continue;
                        }
                    case 2: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.nodePassword = v;
                            else
                                delete m.nodePassword;
                            continue;
                        }
                    case 3: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.datastoreCredentials = v;
                            else
                                delete m.datastoreCredentials;
                            continue;
                        }
                    case 4: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.agentToken = v;
                            else
                                delete m.agentToken;
                            continue;
                        }
                    }
                    r.skipType(u, q, t);
                    if (!r.discardUnknown) {
                        $util.makeProp(m, "$unknowns", false);
                        (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                    }
                }
                if (l !== $undefined) {
                    if (r.pos !== c)
                        throw $RangeError("index out of range");
                    r.len = l;
                }
                if (z !== $undefined)
                    throw $Error("missing end group");
                return m;
            };

            /**
             * Decodes an AssignmentSecrets message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof k3sgrid.v1.AssignmentSecrets
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {k3sgrid.v1.AssignmentSecrets & k3sgrid.v1.AssignmentSecrets.$Shape} AssignmentSecrets
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            AssignmentSecrets.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies an AssignmentSecrets message.
             * @function verify
             * @memberof k3sgrid.v1.AssignmentSecrets
             * @static
             * @param {Object.<string,*>} m Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            AssignmentSecrets.verify = function (m, q) {
                if (typeof m !== "object" || m === null)
                    return "object expected";
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    return "max depth exceeded";
                if (m.token != null && $Object.hasOwnProperty.call(m, "token")) {
                    if (!$util.isString(m.token))
                        return "token: string expected";
                }
                if (m.nodePassword != null && $Object.hasOwnProperty.call(m, "nodePassword")) {
                    if (!$util.isString(m.nodePassword))
                        return "nodePassword: string expected";
                }
                if (m.datastoreCredentials != null && $Object.hasOwnProperty.call(m, "datastoreCredentials")) {
                    if (!$util.isString(m.datastoreCredentials))
                        return "datastoreCredentials: string expected";
                }
                if (m.agentToken != null && $Object.hasOwnProperty.call(m, "agentToken")) {
                    if (!$util.isString(m.agentToken))
                        return "agentToken: string expected";
                }
                return null;
            };

            /**
             * Creates an AssignmentSecrets message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof k3sgrid.v1.AssignmentSecrets
             * @static
             * @param {Object.<string,*>} d Plain object
             * @returns {k3sgrid.v1.AssignmentSecrets} AssignmentSecrets
             */
            AssignmentSecrets.fromObject = function (d, q) {
                if (d instanceof $root.k3sgrid.v1.AssignmentSecrets)
                    return d;
                if (!$util.isObject(d))
                    throw $TypeError(".k3sgrid.v1.AssignmentSecrets: object expected");
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                var m = new $root.k3sgrid.v1.AssignmentSecrets();
                if (d.token != null) {
                    if (typeof d.token !== "string" || d.token.length) {
                        m.token = $String(d.token);
                    }
                }
                if (d.nodePassword != null) {
                    if (typeof d.nodePassword !== "string" || d.nodePassword.length) {
                        m.nodePassword = $String(d.nodePassword);
                    }
                }
                if (d.datastoreCredentials != null) {
                    if (typeof d.datastoreCredentials !== "string" || d.datastoreCredentials.length) {
                        m.datastoreCredentials = $String(d.datastoreCredentials);
                    }
                }
                if (d.agentToken != null) {
                    if (typeof d.agentToken !== "string" || d.agentToken.length) {
                        m.agentToken = $String(d.agentToken);
                    }
                }
                return m;
            };

            /**
             * Creates a plain object from an AssignmentSecrets message. Also converts values to other types if specified.
             * @function toObject
             * @memberof k3sgrid.v1.AssignmentSecrets
             * @static
             * @param {k3sgrid.v1.AssignmentSecrets} m AssignmentSecrets
             * @param {$protobuf.IConversionOptions} [o] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            AssignmentSecrets.toObject = function (m, o, q) {
                if (!o)
                    o = {};
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                var d = {};
                if (o.defaults) {
                    d.token = "";
                    d.nodePassword = "";
                    d.datastoreCredentials = "";
                    d.agentToken = "";
                }
                if (m.token != null && $Object.hasOwnProperty.call(m, "token")) {
                    d.token = m.token;
                }
                if (m.nodePassword != null && $Object.hasOwnProperty.call(m, "nodePassword")) {
                    d.nodePassword = m.nodePassword;
                }
                if (m.datastoreCredentials != null && $Object.hasOwnProperty.call(m, "datastoreCredentials")) {
                    d.datastoreCredentials = m.datastoreCredentials;
                }
                if (m.agentToken != null && $Object.hasOwnProperty.call(m, "agentToken")) {
                    d.agentToken = m.agentToken;
                }
                return d;
            };

            /**
             * Converts this AssignmentSecrets to JSON.
             * @function toJSON
             * @memberof k3sgrid.v1.AssignmentSecrets
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            AssignmentSecrets.prototype.toJSON = function() {
                return AssignmentSecrets.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for AssignmentSecrets
             * @function getTypeUrl
             * @memberof k3sgrid.v1.AssignmentSecrets
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            AssignmentSecrets.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/k3sgrid.v1.AssignmentSecrets";
            };

            return AssignmentSecrets;
        })();

        v1.Ack = (function() {

            /**
             * Properties of an Ack.
             * @typedef {Object} k3sgrid.v1.Ack.$Properties
             * @property {number|null} [epoch] Ack epoch
             * @property {number|null} [generation] Ack generation
             * @property {boolean|null} [accepted] Ack accepted
             * @property {string|null} [reason] Ack reason
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an Ack.
             * @memberof k3sgrid.v1
             * @interface IAck
             * @augments k3sgrid.v1.Ack.$Properties
             * @deprecated Use k3sgrid.v1.Ack.$Properties instead.
             */

            /**
             * Shape of an Ack.
             * @typedef {k3sgrid.v1.Ack.$Properties} k3sgrid.v1.Ack.$Shape
             */

            /**
             * Constructs a new Ack.
             * @memberof k3sgrid.v1
             * @classdesc Represents an Ack.
             * @constructor
             * @param {k3sgrid.v1.Ack.$Properties=} [p] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Ack = function (p) {
                if (p)
                    for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            };

            /**
             * Ack epoch.
             * @member {number} epoch
             * @memberof k3sgrid.v1.Ack
             * @instance
             */
            Ack.prototype.epoch = 0;

            /**
             * Ack generation.
             * @member {number} generation
             * @memberof k3sgrid.v1.Ack
             * @instance
             */
            Ack.prototype.generation = 0;

            /**
             * Ack accepted.
             * @member {boolean} accepted
             * @memberof k3sgrid.v1.Ack
             * @instance
             */
            Ack.prototype.accepted = false;

            /**
             * Ack reason.
             * @member {string} reason
             * @memberof k3sgrid.v1.Ack
             * @instance
             */
            Ack.prototype.reason = "";

            /**
             * Creates a new Ack instance using the specified properties.
             * @function create
             * @memberof k3sgrid.v1.Ack
             * @static
             * @param {k3sgrid.v1.Ack.$Properties=} [properties] Properties to set
             * @returns {k3sgrid.v1.Ack} Ack instance
             * @type {{
             *   (properties: k3sgrid.v1.Ack.$Shape): k3sgrid.v1.Ack & k3sgrid.v1.Ack.$Shape;
             *   (properties?: k3sgrid.v1.Ack.$Properties): k3sgrid.v1.Ack;
             * }}
             */
            Ack.create = function(properties) {
                return new Ack(properties);
            };

            /**
             * Encodes the specified Ack message. Does not implicitly {@link k3sgrid.v1.Ack.verify|verify} messages.
             * @function encode
             * @memberof k3sgrid.v1.Ack
             * @static
             * @param {k3sgrid.v1.Ack.$Properties} m Ack message or plain object to encode
             * @param {$protobuf.Writer} [w] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Ack.encode = function (m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (m.epoch != null && $Object.hasOwnProperty.call(m, "epoch") && (typeof m.epoch === "object" ? m.epoch.low || m.epoch.high : m.epoch !== 0))
                    w.uint32(/* id 1, wireType 0 =*/8).uint64(m.epoch);
                if (m.generation != null && $Object.hasOwnProperty.call(m, "generation") && (typeof m.generation === "object" ? m.generation.low || m.generation.high : m.generation !== 0))
                    w.uint32(/* id 2, wireType 0 =*/16).uint64(m.generation);
                if (m.accepted != null && $Object.hasOwnProperty.call(m, "accepted") && m.accepted !== false)
                    w.uint32(/* id 3, wireType 0 =*/24).bool(m.accepted);
                if (m.reason != null && $Object.hasOwnProperty.call(m, "reason") && m.reason !== "")
                    w.uint32(/* id 4, wireType 2 =*/34).string(m.reason);
                if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                    for (var i = 0; i < m.$unknowns.length; ++i)
                        w.raw(m.$unknowns[i]);
                return w;
            };

            /**
             * Encodes the specified Ack message, length delimited. Does not implicitly {@link k3sgrid.v1.Ack.verify|verify} messages.
             * @function encodeDelimited
             * @memberof k3sgrid.v1.Ack
             * @static
             * @param {k3sgrid.v1.Ack.$Properties} message Ack message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Ack.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes an Ack message from the specified reader or buffer.
             * @function decode
             * @memberof k3sgrid.v1.Ack
             * @static
             * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
             * @param {number} [l] Message length if known beforehand
             * @returns {k3sgrid.v1.Ack & k3sgrid.v1.Ack.$Shape} Ack
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Ack.decode = function (r, l, z, q, g) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (q === $undefined)
                    q = 0;
                if (q > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var c, m, v;
                if (l === $undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw $RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = g || new $root.k3sgrid.v1.Ack();
                while (r.pos < c) {
                    var s = r.pos;
                    var t = r.tag();
                    if (t === z) {
                        z = $undefined;
                        break;
                    }
                    var u = t & 7;
                    switch (t >>>= 3) {
                    case 1: {
                            if (u !== 0)
                                break;
                            if (typeof (v = r.uint64()) === "object" ? v.low || v.high : v !== 0)
                                m.epoch = v;
                            else
                                delete m.epoch;
                            continue;
                        }
                    case 2: {
                            if (u !== 0)
                                break;
                            if (typeof (v = r.uint64()) === "object" ? v.low || v.high : v !== 0)
                                m.generation = v;
                            else
                                delete m.generation;
                            continue;
                        }
                    case 3: {
                            if (u !== 0)
                                break;
                            if (v = r.bool())
                                m.accepted = v;
                            else
                                delete m.accepted;
                            continue;
                        }
                    case 4: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.reason = v;
                            else
                                delete m.reason;
                            continue;
                        }
                    }
                    r.skipType(u, q, t);
                    if (!r.discardUnknown) {
                        $util.makeProp(m, "$unknowns", false);
                        (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                    }
                }
                if (l !== $undefined) {
                    if (r.pos !== c)
                        throw $RangeError("index out of range");
                    r.len = l;
                }
                if (z !== $undefined)
                    throw $Error("missing end group");
                return m;
            };

            /**
             * Decodes an Ack message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof k3sgrid.v1.Ack
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {k3sgrid.v1.Ack & k3sgrid.v1.Ack.$Shape} Ack
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Ack.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies an Ack message.
             * @function verify
             * @memberof k3sgrid.v1.Ack
             * @static
             * @param {Object.<string,*>} m Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            Ack.verify = function (m, q) {
                if (typeof m !== "object" || m === null)
                    return "object expected";
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    return "max depth exceeded";
                if (m.epoch != null && $Object.hasOwnProperty.call(m, "epoch")) {
                    if (!$util.isInteger(m.epoch) && !(m.epoch && $util.isInteger(m.epoch.low) && $util.isInteger(m.epoch.high)))
                        return "epoch: integer|Long expected";
                }
                if (m.generation != null && $Object.hasOwnProperty.call(m, "generation")) {
                    if (!$util.isInteger(m.generation) && !(m.generation && $util.isInteger(m.generation.low) && $util.isInteger(m.generation.high)))
                        return "generation: integer|Long expected";
                }
                if (m.accepted != null && $Object.hasOwnProperty.call(m, "accepted")) {
                    if (typeof m.accepted !== "boolean")
                        return "accepted: boolean expected";
                }
                if (m.reason != null && $Object.hasOwnProperty.call(m, "reason")) {
                    if (!$util.isString(m.reason))
                        return "reason: string expected";
                }
                return null;
            };

            /**
             * Creates an Ack message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof k3sgrid.v1.Ack
             * @static
             * @param {Object.<string,*>} d Plain object
             * @returns {k3sgrid.v1.Ack} Ack
             */
            Ack.fromObject = function (d, q) {
                if (d instanceof $root.k3sgrid.v1.Ack)
                    return d;
                if (!$util.isObject(d))
                    throw $TypeError(".k3sgrid.v1.Ack: object expected");
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                var m = new $root.k3sgrid.v1.Ack();
                if (d.epoch != null) {
                    if (typeof d.epoch === "object" ? d.epoch.low || d.epoch.high : $Number(d.epoch) !== 0) {
                        if ($util.Long)
                            m.epoch = $util.Long.fromValue(d.epoch, true);
                        else if (typeof d.epoch === "string")
                            m.epoch = $parseInt(d.epoch, 10);
                        else if (typeof d.epoch === "number")
                            m.epoch = d.epoch;
                        else if (typeof d.epoch === "object")
                            m.epoch = new $util.LongBits(d.epoch.low >>> 0, d.epoch.high >>> 0).toNumber(true);
                    }
                }
                if (d.generation != null) {
                    if (typeof d.generation === "object" ? d.generation.low || d.generation.high : $Number(d.generation) !== 0) {
                        if ($util.Long)
                            m.generation = $util.Long.fromValue(d.generation, true);
                        else if (typeof d.generation === "string")
                            m.generation = $parseInt(d.generation, 10);
                        else if (typeof d.generation === "number")
                            m.generation = d.generation;
                        else if (typeof d.generation === "object")
                            m.generation = new $util.LongBits(d.generation.low >>> 0, d.generation.high >>> 0).toNumber(true);
                    }
                }
                if (d.accepted != null) {
                    if (d.accepted) {
                        m.accepted = $Boolean(d.accepted);
                    }
                }
                if (d.reason != null) {
                    if (typeof d.reason !== "string" || d.reason.length) {
                        m.reason = $String(d.reason);
                    }
                }
                return m;
            };

            /**
             * Creates a plain object from an Ack message. Also converts values to other types if specified.
             * @function toObject
             * @memberof k3sgrid.v1.Ack
             * @static
             * @param {k3sgrid.v1.Ack} m Ack
             * @param {$protobuf.IConversionOptions} [o] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Ack.toObject = function (m, o, q) {
                if (!o)
                    o = {};
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                var d = {};
                if (o.defaults) {
                    if ($util.Long) {
                        var n = new $util.Long(0, 0, true);
                        d.epoch = o.longs === $String ? n.toString() : o.longs === $Number ? n.toNumber() : typeof $BigInt !== "undefined" && o.longs === $BigInt ? n.toBigInt() : n;
                    } else
                        d.epoch = o.longs === $String ? "0" : typeof $BigInt !== "undefined" && o.longs === $BigInt ? $BigInt("0") : 0;
                    if ($util.Long) {
                        var n = new $util.Long(0, 0, true);
                        d.generation = o.longs === $String ? n.toString() : o.longs === $Number ? n.toNumber() : typeof $BigInt !== "undefined" && o.longs === $BigInt ? n.toBigInt() : n;
                    } else
                        d.generation = o.longs === $String ? "0" : typeof $BigInt !== "undefined" && o.longs === $BigInt ? $BigInt("0") : 0;
                    d.accepted = false;
                    d.reason = "";
                }
                if (m.epoch != null && $Object.hasOwnProperty.call(m, "epoch")) {
                    if (typeof $BigInt !== "undefined" && o.longs === $BigInt)
                        d.epoch = typeof m.epoch === "number" ? $BigInt(m.epoch) : $util.Long.fromBits(m.epoch.low >>> 0, m.epoch.high >>> 0, true).toBigInt();
                    else if (typeof m.epoch === "number")
                        d.epoch = o.longs === $String ? $String(m.epoch) : m.epoch;
                    else
                        d.epoch = o.longs === $String ? $util.Long.prototype.toString.call(m.epoch) : o.longs === $Number ? new $util.LongBits(m.epoch.low >>> 0, m.epoch.high >>> 0).toNumber(true) : m.epoch;
                }
                if (m.generation != null && $Object.hasOwnProperty.call(m, "generation")) {
                    if (typeof $BigInt !== "undefined" && o.longs === $BigInt)
                        d.generation = typeof m.generation === "number" ? $BigInt(m.generation) : $util.Long.fromBits(m.generation.low >>> 0, m.generation.high >>> 0, true).toBigInt();
                    else if (typeof m.generation === "number")
                        d.generation = o.longs === $String ? $String(m.generation) : m.generation;
                    else
                        d.generation = o.longs === $String ? $util.Long.prototype.toString.call(m.generation) : o.longs === $Number ? new $util.LongBits(m.generation.low >>> 0, m.generation.high >>> 0).toNumber(true) : m.generation;
                }
                if (m.accepted != null && $Object.hasOwnProperty.call(m, "accepted")) {
                    d.accepted = m.accepted;
                }
                if (m.reason != null && $Object.hasOwnProperty.call(m, "reason")) {
                    d.reason = m.reason;
                }
                return d;
            };

            /**
             * Converts this Ack to JSON.
             * @function toJSON
             * @memberof k3sgrid.v1.Ack
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Ack.prototype.toJSON = function() {
                return Ack.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for Ack
             * @function getTypeUrl
             * @memberof k3sgrid.v1.Ack
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            Ack.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/k3sgrid.v1.Ack";
            };

            return Ack;
        })();

        v1.StatusUpdate = (function() {

            /**
             * Properties of a StatusUpdate.
             * @typedef {Object} k3sgrid.v1.StatusUpdate.$Properties
             * @property {string|null} [phase] StatusUpdate phase
             * @property {string|null} [message] StatusUpdate message
             * @property {Array.<string>|null} [logTail] StatusUpdate logTail
             * @property {string|null} [caHash] StatusUpdate caHash
             * @property {number|null} [epoch] StatusUpdate epoch
             * @property {number|null} [generation] StatusUpdate generation
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a StatusUpdate.
             * @memberof k3sgrid.v1
             * @interface IStatusUpdate
             * @augments k3sgrid.v1.StatusUpdate.$Properties
             * @deprecated Use k3sgrid.v1.StatusUpdate.$Properties instead.
             */

            /**
             * Shape of a StatusUpdate.
             * @typedef {k3sgrid.v1.StatusUpdate.$Properties} k3sgrid.v1.StatusUpdate.$Shape
             */

            /**
             * Constructs a new StatusUpdate.
             * @memberof k3sgrid.v1
             * @classdesc Represents a StatusUpdate.
             * @constructor
             * @param {k3sgrid.v1.StatusUpdate.$Properties=} [p] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const StatusUpdate = function (p) {
                this.logTail = [];
                if (p)
                    for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            };

            /**
             * StatusUpdate phase.
             * @member {string} phase
             * @memberof k3sgrid.v1.StatusUpdate
             * @instance
             */
            StatusUpdate.prototype.phase = "";

            /**
             * StatusUpdate message.
             * @member {string} message
             * @memberof k3sgrid.v1.StatusUpdate
             * @instance
             */
            StatusUpdate.prototype.message = "";

            /**
             * StatusUpdate logTail.
             * @member {Array.<string>} logTail
             * @memberof k3sgrid.v1.StatusUpdate
             * @instance
             */
            StatusUpdate.prototype.logTail = $util.emptyArray;

            /**
             * StatusUpdate caHash.
             * @member {string} caHash
             * @memberof k3sgrid.v1.StatusUpdate
             * @instance
             */
            StatusUpdate.prototype.caHash = "";

            /**
             * StatusUpdate epoch.
             * @member {number} epoch
             * @memberof k3sgrid.v1.StatusUpdate
             * @instance
             */
            StatusUpdate.prototype.epoch = 0;

            /**
             * StatusUpdate generation.
             * @member {number} generation
             * @memberof k3sgrid.v1.StatusUpdate
             * @instance
             */
            StatusUpdate.prototype.generation = 0;

            /**
             * Creates a new StatusUpdate instance using the specified properties.
             * @function create
             * @memberof k3sgrid.v1.StatusUpdate
             * @static
             * @param {k3sgrid.v1.StatusUpdate.$Properties=} [properties] Properties to set
             * @returns {k3sgrid.v1.StatusUpdate} StatusUpdate instance
             * @type {{
             *   (properties: k3sgrid.v1.StatusUpdate.$Shape): k3sgrid.v1.StatusUpdate & k3sgrid.v1.StatusUpdate.$Shape;
             *   (properties?: k3sgrid.v1.StatusUpdate.$Properties): k3sgrid.v1.StatusUpdate;
             * }}
             */
            StatusUpdate.create = function(properties) {
                return new StatusUpdate(properties);
            };

            /**
             * Encodes the specified StatusUpdate message. Does not implicitly {@link k3sgrid.v1.StatusUpdate.verify|verify} messages.
             * @function encode
             * @memberof k3sgrid.v1.StatusUpdate
             * @static
             * @param {k3sgrid.v1.StatusUpdate.$Properties} m StatusUpdate message or plain object to encode
             * @param {$protobuf.Writer} [w] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            StatusUpdate.encode = function (m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (m.phase != null && $Object.hasOwnProperty.call(m, "phase") && m.phase !== "")
                    w.uint32(/* id 1, wireType 2 =*/10).string(m.phase);
                if (m.message != null && $Object.hasOwnProperty.call(m, "message") && m.message !== "")
                    w.uint32(/* id 2, wireType 2 =*/18).string(m.message);
                if (m.logTail != null && m.logTail.length) {
                    for (var i = 0; i < m.logTail.length; ++i)
                        w.uint32(/* id 3, wireType 2 =*/26).string(m.logTail[i]);
                }
                if (m.caHash != null && $Object.hasOwnProperty.call(m, "caHash") && m.caHash !== "")
                    w.uint32(/* id 4, wireType 2 =*/34).string(m.caHash);
                if (m.epoch != null && $Object.hasOwnProperty.call(m, "epoch") && (typeof m.epoch === "object" ? m.epoch.low || m.epoch.high : m.epoch !== 0))
                    w.uint32(/* id 5, wireType 0 =*/40).uint64(m.epoch);
                if (m.generation != null && $Object.hasOwnProperty.call(m, "generation") && (typeof m.generation === "object" ? m.generation.low || m.generation.high : m.generation !== 0))
                    w.uint32(/* id 6, wireType 0 =*/48).uint64(m.generation);
                if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                    for (var i = 0; i < m.$unknowns.length; ++i)
                        w.raw(m.$unknowns[i]);
                return w;
            };

            /**
             * Encodes the specified StatusUpdate message, length delimited. Does not implicitly {@link k3sgrid.v1.StatusUpdate.verify|verify} messages.
             * @function encodeDelimited
             * @memberof k3sgrid.v1.StatusUpdate
             * @static
             * @param {k3sgrid.v1.StatusUpdate.$Properties} message StatusUpdate message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            StatusUpdate.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a StatusUpdate message from the specified reader or buffer.
             * @function decode
             * @memberof k3sgrid.v1.StatusUpdate
             * @static
             * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
             * @param {number} [l] Message length if known beforehand
             * @returns {k3sgrid.v1.StatusUpdate & k3sgrid.v1.StatusUpdate.$Shape} StatusUpdate
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            StatusUpdate.decode = function (r, l, z, q, g) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (q === $undefined)
                    q = 0;
                if (q > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var c, m, v;
                if (l === $undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw $RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = g || new $root.k3sgrid.v1.StatusUpdate();
                while (r.pos < c) {
                    var s = r.pos;
                    var t = r.tag();
                    if (t === z) {
                        z = $undefined;
                        break;
                    }
                    var u = t & 7;
                    switch (t >>>= 3) {
                    case 1: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.phase = v;
                            else
                                delete m.phase;
                            continue;
                        }
                    case 2: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.message = v;
                            else
                                delete m.message;
                            continue;
                        }
                    case 3: {
                            if (u !== 2)
                                break;
                            if (!(m.logTail && m.logTail.length))
                                m.logTail = [];
                            m.logTail.push(r.stringVerify());
                            continue;
                        }
                    case 4: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.caHash = v;
                            else
                                delete m.caHash;
                            continue;
                        }
                    case 5: {
                            if (u !== 0)
                                break;
                            if (typeof (v = r.uint64()) === "object" ? v.low || v.high : v !== 0)
                                m.epoch = v;
                            else
                                delete m.epoch;
                            continue;
                        }
                    case 6: {
                            if (u !== 0)
                                break;
                            if (typeof (v = r.uint64()) === "object" ? v.low || v.high : v !== 0)
                                m.generation = v;
                            else
                                delete m.generation;
                            continue;
                        }
                    }
                    r.skipType(u, q, t);
                    if (!r.discardUnknown) {
                        $util.makeProp(m, "$unknowns", false);
                        (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                    }
                }
                if (l !== $undefined) {
                    if (r.pos !== c)
                        throw $RangeError("index out of range");
                    r.len = l;
                }
                if (z !== $undefined)
                    throw $Error("missing end group");
                return m;
            };

            /**
             * Decodes a StatusUpdate message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof k3sgrid.v1.StatusUpdate
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {k3sgrid.v1.StatusUpdate & k3sgrid.v1.StatusUpdate.$Shape} StatusUpdate
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            StatusUpdate.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a StatusUpdate message.
             * @function verify
             * @memberof k3sgrid.v1.StatusUpdate
             * @static
             * @param {Object.<string,*>} m Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            StatusUpdate.verify = function (m, q) {
                if (typeof m !== "object" || m === null)
                    return "object expected";
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    return "max depth exceeded";
                if (m.phase != null && $Object.hasOwnProperty.call(m, "phase")) {
                    if (!$util.isString(m.phase))
                        return "phase: string expected";
                }
                if (m.message != null && $Object.hasOwnProperty.call(m, "message")) {
                    if (!$util.isString(m.message))
                        return "message: string expected";
                }
                if (m.logTail != null && $Object.hasOwnProperty.call(m, "logTail")) {
                    if (!$Array.isArray(m.logTail))
                        return "logTail: array expected";
                    for (var i = 0; i < m.logTail.length; ++i) {
                        if (!$util.isString(m.logTail[i]))
                            return "logTail: string[] expected";
                    }
                }
                if (m.caHash != null && $Object.hasOwnProperty.call(m, "caHash")) {
                    if (!$util.isString(m.caHash))
                        return "caHash: string expected";
                }
                if (m.epoch != null && $Object.hasOwnProperty.call(m, "epoch")) {
                    if (!$util.isInteger(m.epoch) && !(m.epoch && $util.isInteger(m.epoch.low) && $util.isInteger(m.epoch.high)))
                        return "epoch: integer|Long expected";
                }
                if (m.generation != null && $Object.hasOwnProperty.call(m, "generation")) {
                    if (!$util.isInteger(m.generation) && !(m.generation && $util.isInteger(m.generation.low) && $util.isInteger(m.generation.high)))
                        return "generation: integer|Long expected";
                }
                return null;
            };

            /**
             * Creates a StatusUpdate message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof k3sgrid.v1.StatusUpdate
             * @static
             * @param {Object.<string,*>} d Plain object
             * @returns {k3sgrid.v1.StatusUpdate} StatusUpdate
             */
            StatusUpdate.fromObject = function (d, q) {
                if (d instanceof $root.k3sgrid.v1.StatusUpdate)
                    return d;
                if (!$util.isObject(d))
                    throw $TypeError(".k3sgrid.v1.StatusUpdate: object expected");
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                var m = new $root.k3sgrid.v1.StatusUpdate();
                if (d.phase != null) {
                    if (typeof d.phase !== "string" || d.phase.length) {
                        m.phase = $String(d.phase);
                    }
                }
                if (d.message != null) {
                    if (typeof d.message !== "string" || d.message.length) {
                        m.message = $String(d.message);
                    }
                }
                if (d.logTail) {
                    if (!$Array.isArray(d.logTail))
                        throw $TypeError(".k3sgrid.v1.StatusUpdate.logTail: array expected");
                    m.logTail = $Array(d.logTail.length);
                    for (var i = 0; i < d.logTail.length; ++i) {
                        m.logTail[i] = $String(d.logTail[i]);
                    }
                }
                if (d.caHash != null) {
                    if (typeof d.caHash !== "string" || d.caHash.length) {
                        m.caHash = $String(d.caHash);
                    }
                }
                if (d.epoch != null) {
                    if (typeof d.epoch === "object" ? d.epoch.low || d.epoch.high : $Number(d.epoch) !== 0) {
                        if ($util.Long)
                            m.epoch = $util.Long.fromValue(d.epoch, true);
                        else if (typeof d.epoch === "string")
                            m.epoch = $parseInt(d.epoch, 10);
                        else if (typeof d.epoch === "number")
                            m.epoch = d.epoch;
                        else if (typeof d.epoch === "object")
                            m.epoch = new $util.LongBits(d.epoch.low >>> 0, d.epoch.high >>> 0).toNumber(true);
                    }
                }
                if (d.generation != null) {
                    if (typeof d.generation === "object" ? d.generation.low || d.generation.high : $Number(d.generation) !== 0) {
                        if ($util.Long)
                            m.generation = $util.Long.fromValue(d.generation, true);
                        else if (typeof d.generation === "string")
                            m.generation = $parseInt(d.generation, 10);
                        else if (typeof d.generation === "number")
                            m.generation = d.generation;
                        else if (typeof d.generation === "object")
                            m.generation = new $util.LongBits(d.generation.low >>> 0, d.generation.high >>> 0).toNumber(true);
                    }
                }
                return m;
            };

            /**
             * Creates a plain object from a StatusUpdate message. Also converts values to other types if specified.
             * @function toObject
             * @memberof k3sgrid.v1.StatusUpdate
             * @static
             * @param {k3sgrid.v1.StatusUpdate} m StatusUpdate
             * @param {$protobuf.IConversionOptions} [o] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            StatusUpdate.toObject = function (m, o, q) {
                if (!o)
                    o = {};
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                var d = {};
                if (o.arrays || o.defaults) {
                    d.logTail = [];
                }
                if (o.defaults) {
                    d.phase = "";
                    d.message = "";
                    d.caHash = "";
                    if ($util.Long) {
                        var n = new $util.Long(0, 0, true);
                        d.epoch = o.longs === $String ? n.toString() : o.longs === $Number ? n.toNumber() : typeof $BigInt !== "undefined" && o.longs === $BigInt ? n.toBigInt() : n;
                    } else
                        d.epoch = o.longs === $String ? "0" : typeof $BigInt !== "undefined" && o.longs === $BigInt ? $BigInt("0") : 0;
                    if ($util.Long) {
                        var n = new $util.Long(0, 0, true);
                        d.generation = o.longs === $String ? n.toString() : o.longs === $Number ? n.toNumber() : typeof $BigInt !== "undefined" && o.longs === $BigInt ? n.toBigInt() : n;
                    } else
                        d.generation = o.longs === $String ? "0" : typeof $BigInt !== "undefined" && o.longs === $BigInt ? $BigInt("0") : 0;
                }
                if (m.phase != null && $Object.hasOwnProperty.call(m, "phase")) {
                    d.phase = m.phase;
                }
                if (m.message != null && $Object.hasOwnProperty.call(m, "message")) {
                    d.message = m.message;
                }
                if (m.logTail && m.logTail.length) {
                    d.logTail = $Array(m.logTail.length);
                    for (var j = 0; j < m.logTail.length; ++j) {
                        d.logTail[j] = m.logTail[j];
                    }
                }
                if (m.caHash != null && $Object.hasOwnProperty.call(m, "caHash")) {
                    d.caHash = m.caHash;
                }
                if (m.epoch != null && $Object.hasOwnProperty.call(m, "epoch")) {
                    if (typeof $BigInt !== "undefined" && o.longs === $BigInt)
                        d.epoch = typeof m.epoch === "number" ? $BigInt(m.epoch) : $util.Long.fromBits(m.epoch.low >>> 0, m.epoch.high >>> 0, true).toBigInt();
                    else if (typeof m.epoch === "number")
                        d.epoch = o.longs === $String ? $String(m.epoch) : m.epoch;
                    else
                        d.epoch = o.longs === $String ? $util.Long.prototype.toString.call(m.epoch) : o.longs === $Number ? new $util.LongBits(m.epoch.low >>> 0, m.epoch.high >>> 0).toNumber(true) : m.epoch;
                }
                if (m.generation != null && $Object.hasOwnProperty.call(m, "generation")) {
                    if (typeof $BigInt !== "undefined" && o.longs === $BigInt)
                        d.generation = typeof m.generation === "number" ? $BigInt(m.generation) : $util.Long.fromBits(m.generation.low >>> 0, m.generation.high >>> 0, true).toBigInt();
                    else if (typeof m.generation === "number")
                        d.generation = o.longs === $String ? $String(m.generation) : m.generation;
                    else
                        d.generation = o.longs === $String ? $util.Long.prototype.toString.call(m.generation) : o.longs === $Number ? new $util.LongBits(m.generation.low >>> 0, m.generation.high >>> 0).toNumber(true) : m.generation;
                }
                return d;
            };

            /**
             * Converts this StatusUpdate to JSON.
             * @function toJSON
             * @memberof k3sgrid.v1.StatusUpdate
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            StatusUpdate.prototype.toJSON = function() {
                return StatusUpdate.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for StatusUpdate
             * @function getTypeUrl
             * @memberof k3sgrid.v1.StatusUpdate
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            StatusUpdate.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/k3sgrid.v1.StatusUpdate";
            };

            return StatusUpdate;
        })();

        v1.KubeconfigRequest = (function() {

            /**
             * Properties of a KubeconfigRequest.
             * @typedef {Object} k3sgrid.v1.KubeconfigRequest.$Properties
             * @property {string|null} [requestId] KubeconfigRequest requestId
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a KubeconfigRequest.
             * @memberof k3sgrid.v1
             * @interface IKubeconfigRequest
             * @augments k3sgrid.v1.KubeconfigRequest.$Properties
             * @deprecated Use k3sgrid.v1.KubeconfigRequest.$Properties instead.
             */

            /**
             * Shape of a KubeconfigRequest.
             * @typedef {k3sgrid.v1.KubeconfigRequest.$Properties} k3sgrid.v1.KubeconfigRequest.$Shape
             */

            /**
             * Constructs a new KubeconfigRequest.
             * @memberof k3sgrid.v1
             * @classdesc Represents a KubeconfigRequest.
             * @constructor
             * @param {k3sgrid.v1.KubeconfigRequest.$Properties=} [p] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const KubeconfigRequest = function (p) {
                if (p)
                    for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            };

            /**
             * KubeconfigRequest requestId.
             * @member {string} requestId
             * @memberof k3sgrid.v1.KubeconfigRequest
             * @instance
             */
            KubeconfigRequest.prototype.requestId = "";

            /**
             * Creates a new KubeconfigRequest instance using the specified properties.
             * @function create
             * @memberof k3sgrid.v1.KubeconfigRequest
             * @static
             * @param {k3sgrid.v1.KubeconfigRequest.$Properties=} [properties] Properties to set
             * @returns {k3sgrid.v1.KubeconfigRequest} KubeconfigRequest instance
             * @type {{
             *   (properties: k3sgrid.v1.KubeconfigRequest.$Shape): k3sgrid.v1.KubeconfigRequest & k3sgrid.v1.KubeconfigRequest.$Shape;
             *   (properties?: k3sgrid.v1.KubeconfigRequest.$Properties): k3sgrid.v1.KubeconfigRequest;
             * }}
             */
            KubeconfigRequest.create = function(properties) {
                return new KubeconfigRequest(properties);
            };

            /**
             * Encodes the specified KubeconfigRequest message. Does not implicitly {@link k3sgrid.v1.KubeconfigRequest.verify|verify} messages.
             * @function encode
             * @memberof k3sgrid.v1.KubeconfigRequest
             * @static
             * @param {k3sgrid.v1.KubeconfigRequest.$Properties} m KubeconfigRequest message or plain object to encode
             * @param {$protobuf.Writer} [w] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            KubeconfigRequest.encode = function (m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (m.requestId != null && $Object.hasOwnProperty.call(m, "requestId") && m.requestId !== "")
                    w.uint32(/* id 1, wireType 2 =*/10).string(m.requestId);
                if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                    for (var i = 0; i < m.$unknowns.length; ++i)
                        w.raw(m.$unknowns[i]);
                return w;
            };

            /**
             * Encodes the specified KubeconfigRequest message, length delimited. Does not implicitly {@link k3sgrid.v1.KubeconfigRequest.verify|verify} messages.
             * @function encodeDelimited
             * @memberof k3sgrid.v1.KubeconfigRequest
             * @static
             * @param {k3sgrid.v1.KubeconfigRequest.$Properties} message KubeconfigRequest message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            KubeconfigRequest.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a KubeconfigRequest message from the specified reader or buffer.
             * @function decode
             * @memberof k3sgrid.v1.KubeconfigRequest
             * @static
             * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
             * @param {number} [l] Message length if known beforehand
             * @returns {k3sgrid.v1.KubeconfigRequest & k3sgrid.v1.KubeconfigRequest.$Shape} KubeconfigRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            KubeconfigRequest.decode = function (r, l, z, q, g) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (q === $undefined)
                    q = 0;
                if (q > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var c, m, v;
                if (l === $undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw $RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = g || new $root.k3sgrid.v1.KubeconfigRequest();
                while (r.pos < c) {
                    var s = r.pos;
                    var t = r.tag();
                    if (t === z) {
                        z = $undefined;
                        break;
                    }
                    var u = t & 7;
                    switch (t >>>= 3) {
                    case 1: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.requestId = v;
                            else
                                delete m.requestId;
                            continue;
                        }
                    }
                    r.skipType(u, q, t);
                    if (!r.discardUnknown) {
                        $util.makeProp(m, "$unknowns", false);
                        (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                    }
                }
                if (l !== $undefined) {
                    if (r.pos !== c)
                        throw $RangeError("index out of range");
                    r.len = l;
                }
                if (z !== $undefined)
                    throw $Error("missing end group");
                return m;
            };

            /**
             * Decodes a KubeconfigRequest message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof k3sgrid.v1.KubeconfigRequest
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {k3sgrid.v1.KubeconfigRequest & k3sgrid.v1.KubeconfigRequest.$Shape} KubeconfigRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            KubeconfigRequest.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a KubeconfigRequest message.
             * @function verify
             * @memberof k3sgrid.v1.KubeconfigRequest
             * @static
             * @param {Object.<string,*>} m Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            KubeconfigRequest.verify = function (m, q) {
                if (typeof m !== "object" || m === null)
                    return "object expected";
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    return "max depth exceeded";
                if (m.requestId != null && $Object.hasOwnProperty.call(m, "requestId")) {
                    if (!$util.isString(m.requestId))
                        return "requestId: string expected";
                }
                return null;
            };

            /**
             * Creates a KubeconfigRequest message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof k3sgrid.v1.KubeconfigRequest
             * @static
             * @param {Object.<string,*>} d Plain object
             * @returns {k3sgrid.v1.KubeconfigRequest} KubeconfigRequest
             */
            KubeconfigRequest.fromObject = function (d, q) {
                if (d instanceof $root.k3sgrid.v1.KubeconfigRequest)
                    return d;
                if (!$util.isObject(d))
                    throw $TypeError(".k3sgrid.v1.KubeconfigRequest: object expected");
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                var m = new $root.k3sgrid.v1.KubeconfigRequest();
                if (d.requestId != null) {
                    if (typeof d.requestId !== "string" || d.requestId.length) {
                        m.requestId = $String(d.requestId);
                    }
                }
                return m;
            };

            /**
             * Creates a plain object from a KubeconfigRequest message. Also converts values to other types if specified.
             * @function toObject
             * @memberof k3sgrid.v1.KubeconfigRequest
             * @static
             * @param {k3sgrid.v1.KubeconfigRequest} m KubeconfigRequest
             * @param {$protobuf.IConversionOptions} [o] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            KubeconfigRequest.toObject = function (m, o, q) {
                if (!o)
                    o = {};
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                var d = {};
                if (o.defaults) {
                    d.requestId = "";
                }
                if (m.requestId != null && $Object.hasOwnProperty.call(m, "requestId")) {
                    d.requestId = m.requestId;
                }
                return d;
            };

            /**
             * Converts this KubeconfigRequest to JSON.
             * @function toJSON
             * @memberof k3sgrid.v1.KubeconfigRequest
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            KubeconfigRequest.prototype.toJSON = function() {
                return KubeconfigRequest.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for KubeconfigRequest
             * @function getTypeUrl
             * @memberof k3sgrid.v1.KubeconfigRequest
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            KubeconfigRequest.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/k3sgrid.v1.KubeconfigRequest";
            };

            return KubeconfigRequest;
        })();

        v1.KubeconfigUpload = (function() {

            /**
             * Properties of a KubeconfigUpload.
             * @typedef {Object} k3sgrid.v1.KubeconfigUpload.$Properties
             * @property {string|null} [requestId] KubeconfigUpload requestId
             * @property {Uint8Array|null} [sealed] KubeconfigUpload sealed
             * @property {string|null} [error] KubeconfigUpload error
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a KubeconfigUpload.
             * @memberof k3sgrid.v1
             * @interface IKubeconfigUpload
             * @augments k3sgrid.v1.KubeconfigUpload.$Properties
             * @deprecated Use k3sgrid.v1.KubeconfigUpload.$Properties instead.
             */

            /**
             * Shape of a KubeconfigUpload.
             * @typedef {k3sgrid.v1.KubeconfigUpload.$Properties} k3sgrid.v1.KubeconfigUpload.$Shape
             */

            /**
             * Constructs a new KubeconfigUpload.
             * @memberof k3sgrid.v1
             * @classdesc Represents a KubeconfigUpload.
             * @constructor
             * @param {k3sgrid.v1.KubeconfigUpload.$Properties=} [p] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const KubeconfigUpload = function (p) {
                if (p)
                    for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            };

            /**
             * KubeconfigUpload requestId.
             * @member {string} requestId
             * @memberof k3sgrid.v1.KubeconfigUpload
             * @instance
             */
            KubeconfigUpload.prototype.requestId = "";

            /**
             * KubeconfigUpload sealed.
             * @member {Uint8Array} sealed
             * @memberof k3sgrid.v1.KubeconfigUpload
             * @instance
             */
            KubeconfigUpload.prototype.sealed = $util.newBuffer([]);

            /**
             * KubeconfigUpload error.
             * @member {string} error
             * @memberof k3sgrid.v1.KubeconfigUpload
             * @instance
             */
            KubeconfigUpload.prototype.error = "";

            /**
             * Creates a new KubeconfigUpload instance using the specified properties.
             * @function create
             * @memberof k3sgrid.v1.KubeconfigUpload
             * @static
             * @param {k3sgrid.v1.KubeconfigUpload.$Properties=} [properties] Properties to set
             * @returns {k3sgrid.v1.KubeconfigUpload} KubeconfigUpload instance
             * @type {{
             *   (properties: k3sgrid.v1.KubeconfigUpload.$Shape): k3sgrid.v1.KubeconfigUpload & k3sgrid.v1.KubeconfigUpload.$Shape;
             *   (properties?: k3sgrid.v1.KubeconfigUpload.$Properties): k3sgrid.v1.KubeconfigUpload;
             * }}
             */
            KubeconfigUpload.create = function(properties) {
                return new KubeconfigUpload(properties);
            };

            /**
             * Encodes the specified KubeconfigUpload message. Does not implicitly {@link k3sgrid.v1.KubeconfigUpload.verify|verify} messages.
             * @function encode
             * @memberof k3sgrid.v1.KubeconfigUpload
             * @static
             * @param {k3sgrid.v1.KubeconfigUpload.$Properties} m KubeconfigUpload message or plain object to encode
             * @param {$protobuf.Writer} [w] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            KubeconfigUpload.encode = function (m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (m.requestId != null && $Object.hasOwnProperty.call(m, "requestId") && m.requestId !== "")
                    w.uint32(/* id 1, wireType 2 =*/10).string(m.requestId);
                if (m.sealed != null && $Object.hasOwnProperty.call(m, "sealed") && m.sealed.length)
                    w.uint32(/* id 2, wireType 2 =*/18).bytes(m.sealed);
                if (m.error != null && $Object.hasOwnProperty.call(m, "error") && m.error !== "")
                    w.uint32(/* id 3, wireType 2 =*/26).string(m.error);
                if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                    for (var i = 0; i < m.$unknowns.length; ++i)
                        w.raw(m.$unknowns[i]);
                return w;
            };

            /**
             * Encodes the specified KubeconfigUpload message, length delimited. Does not implicitly {@link k3sgrid.v1.KubeconfigUpload.verify|verify} messages.
             * @function encodeDelimited
             * @memberof k3sgrid.v1.KubeconfigUpload
             * @static
             * @param {k3sgrid.v1.KubeconfigUpload.$Properties} message KubeconfigUpload message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            KubeconfigUpload.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a KubeconfigUpload message from the specified reader or buffer.
             * @function decode
             * @memberof k3sgrid.v1.KubeconfigUpload
             * @static
             * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
             * @param {number} [l] Message length if known beforehand
             * @returns {k3sgrid.v1.KubeconfigUpload & k3sgrid.v1.KubeconfigUpload.$Shape} KubeconfigUpload
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            KubeconfigUpload.decode = function (r, l, z, q, g) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (q === $undefined)
                    q = 0;
                if (q > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var c, m, v;
                if (l === $undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw $RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = g || new $root.k3sgrid.v1.KubeconfigUpload();
                while (r.pos < c) {
                    var s = r.pos;
                    var t = r.tag();
                    if (t === z) {
                        z = $undefined;
                        break;
                    }
                    var u = t & 7;
                    switch (t >>>= 3) {
                    case 1: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.requestId = v;
                            else
                                delete m.requestId;
                            continue;
                        }
                    case 2: {
                            if (u !== 2)
                                break;
                            if ((v = r.bytes()).length)
                                m.sealed = v;
                            else
                                delete m.sealed;
                            continue;
                        }
                    case 3: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.error = v;
                            else
                                delete m.error;
                            continue;
                        }
                    }
                    r.skipType(u, q, t);
                    if (!r.discardUnknown) {
                        $util.makeProp(m, "$unknowns", false);
                        (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                    }
                }
                if (l !== $undefined) {
                    if (r.pos !== c)
                        throw $RangeError("index out of range");
                    r.len = l;
                }
                if (z !== $undefined)
                    throw $Error("missing end group");
                return m;
            };

            /**
             * Decodes a KubeconfigUpload message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof k3sgrid.v1.KubeconfigUpload
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {k3sgrid.v1.KubeconfigUpload & k3sgrid.v1.KubeconfigUpload.$Shape} KubeconfigUpload
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            KubeconfigUpload.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a KubeconfigUpload message.
             * @function verify
             * @memberof k3sgrid.v1.KubeconfigUpload
             * @static
             * @param {Object.<string,*>} m Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            KubeconfigUpload.verify = function (m, q) {
                if (typeof m !== "object" || m === null)
                    return "object expected";
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    return "max depth exceeded";
                if (m.requestId != null && $Object.hasOwnProperty.call(m, "requestId")) {
                    if (!$util.isString(m.requestId))
                        return "requestId: string expected";
                }
                if (m.sealed != null && $Object.hasOwnProperty.call(m, "sealed")) {
                    if (!(m.sealed && typeof m.sealed.length === "number" || $util.isString(m.sealed)))
                        return "sealed: buffer expected";
                }
                if (m.error != null && $Object.hasOwnProperty.call(m, "error")) {
                    if (!$util.isString(m.error))
                        return "error: string expected";
                }
                return null;
            };

            /**
             * Creates a KubeconfigUpload message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof k3sgrid.v1.KubeconfigUpload
             * @static
             * @param {Object.<string,*>} d Plain object
             * @returns {k3sgrid.v1.KubeconfigUpload} KubeconfigUpload
             */
            KubeconfigUpload.fromObject = function (d, q) {
                if (d instanceof $root.k3sgrid.v1.KubeconfigUpload)
                    return d;
                if (!$util.isObject(d))
                    throw $TypeError(".k3sgrid.v1.KubeconfigUpload: object expected");
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                var m = new $root.k3sgrid.v1.KubeconfigUpload();
                if (d.requestId != null) {
                    if (typeof d.requestId !== "string" || d.requestId.length) {
                        m.requestId = $String(d.requestId);
                    }
                }
                if (d.sealed != null) {
                    if (d.sealed.length) {
                        if (typeof d.sealed === "string")
                            $util.base64.decode(d.sealed, m.sealed = $util.newBuffer($util.base64.length(d.sealed)), 0);
                        else if (d.sealed.length >= 0)
                            m.sealed = d.sealed;
                    }
                }
                if (d.error != null) {
                    if (typeof d.error !== "string" || d.error.length) {
                        m.error = $String(d.error);
                    }
                }
                return m;
            };

            /**
             * Creates a plain object from a KubeconfigUpload message. Also converts values to other types if specified.
             * @function toObject
             * @memberof k3sgrid.v1.KubeconfigUpload
             * @static
             * @param {k3sgrid.v1.KubeconfigUpload} m KubeconfigUpload
             * @param {$protobuf.IConversionOptions} [o] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            KubeconfigUpload.toObject = function (m, o, q) {
                if (!o)
                    o = {};
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                var d = {};
                if (o.defaults) {
                    d.requestId = "";
                    if (o.bytes === $String)
                        d.sealed = "";
                    else {
                        d.sealed = [];
                        if (o.bytes !== $Array)
                            d.sealed = $util.newBuffer(d.sealed);
                    }
                    d.error = "";
                }
                if (m.requestId != null && $Object.hasOwnProperty.call(m, "requestId")) {
                    d.requestId = m.requestId;
                }
                if (m.sealed != null && $Object.hasOwnProperty.call(m, "sealed")) {
                    d.sealed = o.bytes === $String ? $util.base64.encode(m.sealed, 0, m.sealed.length) : o.bytes === $Array ? $Array.prototype.slice.call(m.sealed) : m.sealed;
                }
                if (m.error != null && $Object.hasOwnProperty.call(m, "error")) {
                    d.error = m.error;
                }
                return d;
            };

            /**
             * Converts this KubeconfigUpload to JSON.
             * @function toJSON
             * @memberof k3sgrid.v1.KubeconfigUpload
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            KubeconfigUpload.prototype.toJSON = function() {
                return KubeconfigUpload.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for KubeconfigUpload
             * @function getTypeUrl
             * @memberof k3sgrid.v1.KubeconfigUpload
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            KubeconfigUpload.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/k3sgrid.v1.KubeconfigUpload";
            };

            return KubeconfigUpload;
        })();

        v1.Error = (function() {

            /**
             * Properties of an Error.
             * @typedef {Object} k3sgrid.v1.Error.$Properties
             * @property {string|null} [code] Error code
             * @property {string|null} [message] Error message
             * @property {boolean|null} [permanent] Error permanent
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an Error.
             * @memberof k3sgrid.v1
             * @interface IError
             * @augments k3sgrid.v1.Error.$Properties
             * @deprecated Use k3sgrid.v1.Error.$Properties instead.
             */

            /**
             * Shape of an Error.
             * @typedef {k3sgrid.v1.Error.$Properties} k3sgrid.v1.Error.$Shape
             */

            /**
             * Constructs a new Error.
             * @memberof k3sgrid.v1
             * @classdesc Represents an Error.
             * @constructor
             * @param {k3sgrid.v1.Error.$Properties=} [p] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Error = function (p) {
                if (p)
                    for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            };

            /**
             * Error code.
             * @member {string} code
             * @memberof k3sgrid.v1.Error
             * @instance
             */
            Error.prototype.code = "";

            /**
             * Error message.
             * @member {string} message
             * @memberof k3sgrid.v1.Error
             * @instance
             */
            Error.prototype.message = "";

            /**
             * Error permanent.
             * @member {boolean} permanent
             * @memberof k3sgrid.v1.Error
             * @instance
             */
            Error.prototype.permanent = false;

            /**
             * Creates a new Error instance using the specified properties.
             * @function create
             * @memberof k3sgrid.v1.Error
             * @static
             * @param {k3sgrid.v1.Error.$Properties=} [properties] Properties to set
             * @returns {k3sgrid.v1.Error} Error instance
             * @type {{
             *   (properties: k3sgrid.v1.Error.$Shape): k3sgrid.v1.Error & k3sgrid.v1.Error.$Shape;
             *   (properties?: k3sgrid.v1.Error.$Properties): k3sgrid.v1.Error;
             * }}
             */
            Error.create = function(properties) {
                return new Error(properties);
            };

            /**
             * Encodes the specified Error message. Does not implicitly {@link k3sgrid.v1.Error.verify|verify} messages.
             * @function encode
             * @memberof k3sgrid.v1.Error
             * @static
             * @param {k3sgrid.v1.Error.$Properties} m Error message or plain object to encode
             * @param {$protobuf.Writer} [w] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Error.encode = function (m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (m.code != null && $Object.hasOwnProperty.call(m, "code") && m.code !== "")
                    w.uint32(/* id 1, wireType 2 =*/10).string(m.code);
                if (m.message != null && $Object.hasOwnProperty.call(m, "message") && m.message !== "")
                    w.uint32(/* id 2, wireType 2 =*/18).string(m.message);
                if (m.permanent != null && $Object.hasOwnProperty.call(m, "permanent") && m.permanent !== false)
                    w.uint32(/* id 3, wireType 0 =*/24).bool(m.permanent);
                if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                    for (var i = 0; i < m.$unknowns.length; ++i)
                        w.raw(m.$unknowns[i]);
                return w;
            };

            /**
             * Encodes the specified Error message, length delimited. Does not implicitly {@link k3sgrid.v1.Error.verify|verify} messages.
             * @function encodeDelimited
             * @memberof k3sgrid.v1.Error
             * @static
             * @param {k3sgrid.v1.Error.$Properties} message Error message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Error.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes an Error message from the specified reader or buffer.
             * @function decode
             * @memberof k3sgrid.v1.Error
             * @static
             * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
             * @param {number} [l] Message length if known beforehand
             * @returns {k3sgrid.v1.Error & k3sgrid.v1.Error.$Shape} Error
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Error.decode = function (r, l, z, q, g) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (q === $undefined)
                    q = 0;
                if (q > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var c, m, v;
                if (l === $undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw $RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = g || new $root.k3sgrid.v1.Error();
                while (r.pos < c) {
                    var s = r.pos;
                    var t = r.tag();
                    if (t === z) {
                        z = $undefined;
                        break;
                    }
                    var u = t & 7;
                    switch (t >>>= 3) {
                    case 1: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.code = v;
                            else
                                delete m.code;
                            continue;
                        }
                    case 2: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.message = v;
                            else
                                delete m.message;
                            continue;
                        }
                    case 3: {
                            if (u !== 0)
                                break;
                            if (v = r.bool())
                                m.permanent = v;
                            else
                                delete m.permanent;
                            continue;
                        }
                    }
                    r.skipType(u, q, t);
                    if (!r.discardUnknown) {
                        $util.makeProp(m, "$unknowns", false);
                        (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                    }
                }
                if (l !== $undefined) {
                    if (r.pos !== c)
                        throw $RangeError("index out of range");
                    r.len = l;
                }
                if (z !== $undefined)
                    throw $Error("missing end group");
                return m;
            };

            /**
             * Decodes an Error message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof k3sgrid.v1.Error
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {k3sgrid.v1.Error & k3sgrid.v1.Error.$Shape} Error
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Error.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies an Error message.
             * @function verify
             * @memberof k3sgrid.v1.Error
             * @static
             * @param {Object.<string,*>} m Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            Error.verify = function (m, q) {
                if (typeof m !== "object" || m === null)
                    return "object expected";
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    return "max depth exceeded";
                if (m.code != null && $Object.hasOwnProperty.call(m, "code")) {
                    if (!$util.isString(m.code))
                        return "code: string expected";
                }
                if (m.message != null && $Object.hasOwnProperty.call(m, "message")) {
                    if (!$util.isString(m.message))
                        return "message: string expected";
                }
                if (m.permanent != null && $Object.hasOwnProperty.call(m, "permanent")) {
                    if (typeof m.permanent !== "boolean")
                        return "permanent: boolean expected";
                }
                return null;
            };

            /**
             * Creates an Error message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof k3sgrid.v1.Error
             * @static
             * @param {Object.<string,*>} d Plain object
             * @returns {k3sgrid.v1.Error} Error
             */
            Error.fromObject = function (d, q) {
                if (d instanceof $root.k3sgrid.v1.Error)
                    return d;
                if (!$util.isObject(d))
                    throw $TypeError(".k3sgrid.v1.Error: object expected");
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                var m = new $root.k3sgrid.v1.Error();
                if (d.code != null) {
                    if (typeof d.code !== "string" || d.code.length) {
                        m.code = $String(d.code);
                    }
                }
                if (d.message != null) {
                    if (typeof d.message !== "string" || d.message.length) {
                        m.message = $String(d.message);
                    }
                }
                if (d.permanent != null) {
                    if (d.permanent) {
                        m.permanent = $Boolean(d.permanent);
                    }
                }
                return m;
            };

            /**
             * Creates a plain object from an Error message. Also converts values to other types if specified.
             * @function toObject
             * @memberof k3sgrid.v1.Error
             * @static
             * @param {k3sgrid.v1.Error} m Error
             * @param {$protobuf.IConversionOptions} [o] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Error.toObject = function (m, o, q) {
                if (!o)
                    o = {};
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                var d = {};
                if (o.defaults) {
                    d.code = "";
                    d.message = "";
                    d.permanent = false;
                }
                if (m.code != null && $Object.hasOwnProperty.call(m, "code")) {
                    d.code = m.code;
                }
                if (m.message != null && $Object.hasOwnProperty.call(m, "message")) {
                    d.message = m.message;
                }
                if (m.permanent != null && $Object.hasOwnProperty.call(m, "permanent")) {
                    d.permanent = m.permanent;
                }
                return d;
            };

            /**
             * Converts this Error to JSON.
             * @function toJSON
             * @memberof k3sgrid.v1.Error
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Error.prototype.toJSON = function() {
                return Error.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for Error
             * @function getTypeUrl
             * @memberof k3sgrid.v1.Error
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            Error.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/k3sgrid.v1.Error";
            };

            return Error;
        })();

        return v1;
    })();

    return k3sgrid;
})();

export {
  $root as default
};
