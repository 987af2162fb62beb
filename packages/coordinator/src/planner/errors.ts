/**
 * Errors raised by the planner and the offline `k3sgrid plan` command, each
 * with a stable `code`.
 */

/** Stable codes of planner errors. */
export type PlannerErrorCode = 'plan-report-invalid' | 'plan-input-invalid';

/** Base class for planner errors. */
export class PlannerError extends Error {
  /** Stable machine-readable code. */
  readonly code: PlannerErrorCode;
  constructor(code: PlannerErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PlannerError';
    this.code = code;
  }
}

/** A capability report file could not be read or does not match the schema. */
export class ReportFileError extends PlannerError {
  constructor(file: string, reason: string, options?: ErrorOptions) {
    super('plan-report-invalid', `report ${file}: ${reason}`, options);
    this.name = 'ReportFileError';
  }
}

/** Input the planner cannot work with (no nodes, duplicate names, missing manifest options). */
export class PlanInputError extends PlannerError {
  constructor(message: string) {
    super('plan-input-invalid', message);
    this.name = 'PlanInputError';
  }
}
