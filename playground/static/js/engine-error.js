// Answers from either engine are {ok: value} or {error: {type, message, line?, text?, where?}}.

/** An error the engine reported: type, message and, for typed code, the line. */
export class EngineError extends Error {
  constructor(info) {
    super(info.message);
    this.type = info.type;
    this.line = info.line ?? null;
    this.text = info.text ?? "";
    this.where = info.where ?? null;
  }
}

/** Unwrap an answer into its value, or throw its EngineError. */
export function unwrap(answer) {
  if (answer && "ok" in answer) return answer.ok;
  throw new EngineError(answer?.error ?? { type: "Error", message: "the engine gave no answer" });
}
