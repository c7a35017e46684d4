/**
 * Runs before every test file, in its module registry.
 *
 * cdktf records where each token was created: every reference, attribute and
 * nested block captures a full stack trace (`captureStackTrace` in
 * cdktf/lib/tokens/private/stack-trace), and formats it at once. Under jest,
 * formatting goes through jest's source-map-aware `Error.prepareStackTrace`,
 * which made those captures about a quarter of every synthesizing test's CPU
 * time. Here the same capture formats its frames as V8 does by default, with
 * generated-file positions; errors that tests and users see keep jest's
 * mapped stacks. Nothing synthesized depends on these traces.
 */
import * as stackTrace from "cdktf/lib/tokens/private/stack-trace";

/** What `Error.captureStackTrace` takes as the frame to hide from: any function. */
type Frame = (...args: never[]) => unknown;
type Capture = (below?: Frame) => string[];

function captureStackTrace(below?: Frame): string[] {
  const holder: { stack: string[] | string } = { stack: [] };
  const previousLimit = Error.stackTraceLimit;
  const previousPrepare = Error.prepareStackTrace;
  try {
    Error.stackTraceLimit = Number.MAX_SAFE_INTEGER;
    Error.prepareStackTrace = (_holder, frames) => frames.map(String);
    Error.captureStackTrace(holder, below ?? captureStackTrace);
    // Formatting happens when `stack` is first read: read it while this formatter is in place.
    return holder.stack as string[];
  } finally {
    Error.stackTraceLimit = previousLimit;
    Error.prepareStackTrace = previousPrepare;
  }
}

(stackTrace as { captureStackTrace: Capture }).captureStackTrace = captureStackTrace;
