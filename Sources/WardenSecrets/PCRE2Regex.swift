internal import CPCRE2

/// A compiled PCRE2 pattern (8-bit, byte semantics, no UTF mode).
///
/// Byte semantics keep PCRE2 in step with Vectorscan (which also runs without UTF-8 mode) and make invalid UTF-8 in
/// scanned content harmless. A compiled pattern is immutable once built, so it is shared between threads; the
/// mutable part of a match lives in `PCRE2MatchData`.
final class PCRE2Regex: @unchecked Sendable {
    /// Why PCRE2 refused a pattern, with the byte offset it points at.
    struct CompileError: Error {
        var message: String
        var offset: Int
    }

    /// Result of one match attempt. The limit cases are how pathological input shows up: never as a hang.
    enum Outcome: Equatable {
        case match
        case noMatch
        case limitExceeded
        case failed(Int32)
    }

    private let code: OpaquePointer
    let captureCount: Int

    /// - Parameter jit: worth it for rule regexes run on every hit; allowlist regexes run on a few short strings.
    /// - Parameter unicode: code-point semantics with Unicode `\w`, `\d`, `\b` (UTF + UCP), for patterns over text
    ///   that is valid UTF-8 by construction (policy patterns over Swift strings). Secret rules run on bytes.
    init(_ pattern: String, jit: Bool, unicode: Bool = false) throws(CompileError) {
        var errorCode: Int32 = 0
        var errorOffset = 0
        let bytes = Array(pattern.utf8)
        // NEVER_UTF refuses `(*UTF)` in a rule: UTF mode would make PCRE2 reject invalid UTF-8 content outright.
        let options = unicode ? UInt32(PCRE2_UTF) | UInt32(PCRE2_UCP) : UInt32(PCRE2_NEVER_UTF)
        let compiled = bytes.withUnsafeBufferPointer { buffer in
            pcre2_compile_8(buffer.baseAddress, buffer.count, options, &errorCode, &errorOffset, nil)
        }
        guard let compiled else {
            throw CompileError(message: Self.message(for: errorCode), offset: errorOffset)
        }
        code = compiled
        var count: UInt32 = 0
        pcre2_pattern_info_8(compiled, UInt32(PCRE2_INFO_CAPTURECOUNT), &count)
        captureCount = Int(count)
        // A pattern JIT refuses still matches through the interpreter, so the result is not checked.
        if jit { _ = pcre2_jit_compile_8(compiled, UInt32(PCRE2_JIT_COMPLETE)) }
    }

    deinit { pcre2_code_free_8(code) }

    /// One match attempt on `subject[0..<length]` starting at `start`. Look-behind and `\b` see the bytes before
    /// `start`, which is why callers pass the whole buffer and a start offset rather than a slice.
    /// `anchored`: only a match starting exactly at `start` (how a limit hit is pinned to one candidate).
    func match(_ subject: UnsafePointer<UInt8>, length: Int, from start: Int, notEmptyAtStart: Bool = false,
               anchored: Bool = false, into data: PCRE2MatchData) -> Outcome {
        var options: UInt32 = notEmptyAtStart ? UInt32(PCRE2_NOTEMPTY_ATSTART) : 0
        if anchored { options |= UInt32(PCRE2_ANCHORED) }
        let rc = pcre2_match_8(code, subject, length, start, options, data.pointer, data.context)
        if rc >= 0 { return .match }
        switch rc {
        case PCRE2_ERROR_NOMATCH, PCRE2_ERROR_PARTIAL: return .noMatch
        case PCRE2_ERROR_MATCHLIMIT, PCRE2_ERROR_DEPTHLIMIT, PCRE2_ERROR_HEAPLIMIT, PCRE2_ERROR_JIT_STACKLIMIT:
            return .limitExceeded
        default: return .failed(rc)
        }
    }

    /// Whether the pattern matches anywhere in `bytes`. For allowlists and paths: short subjects, rare calls.
    func matches(_ bytes: some Collection<UInt8>) -> Bool {
        search(bytes) == .match
    }

    /// One search of the whole of `bytes`, with the outcome (a limit hit is not a "no").
    func search(_ bytes: some Collection<UInt8>) -> Outcome {
        let data = PCRE2MatchData(pairs: captureCount + 1)
        let array = Array(bytes)
        return array.withUnsafeBufferPointer { buffer in
            // An empty array may have no base address; PCRE2 accepts any pointer for a zero-length subject.
            guard let base = buffer.baseAddress else {
                var empty: UInt8 = 0
                return match(&empty, length: 0, from: 0, into: data)
            }
            return match(base, length: buffer.count, from: 0, into: data)
        }
    }

    static func message(for errorCode: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let length = pcre2_get_error_message_8(errorCode, &buffer, buffer.count)
        return length > 0 ? String(decoding: buffer[0..<Int(length)], as: UTF8.self) : "PCRE2 error \(errorCode)"
    }
}
