namespace CaseHub.Core.Common;

/// <summary>
/// A reason CaseHub cannot start or run a command, written for the operator in one line (which setting, what to do).
/// Program prints the message alone, without a stack trace, and exits non-zero.
/// </summary>
public sealed class StartupException(string message, Exception? inner = null) : Exception(message, inner);
