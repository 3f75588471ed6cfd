internal import CVectorscan
import Foundation

/// A Vectorscan block-mode database holding every rule regex, so a blob is read once whatever the number of rules.
///
/// Vectorscan reports the end offset of every match of every pattern; the start and the capture groups come from
/// PCRE2 afterwards (`HS_FLAG_SOM_LEFTMOST` would give starts but fails to compile many real rules). A database is
/// immutable and shared between threads; each concurrent scan needs its own scratch (see `ScratchPool`).
final class VectorscanDatabase: @unchecked Sendable {
    /// How one pattern goes in: `prefilter` for patterns Vectorscan cannot run exactly (look-around,
    /// back-references), whose hits are then only candidates.
    struct Pattern {
        var expression: String
        var id: UInt32
        var prefilter: Bool
    }

    /// A failed compile, with the index (in the pattern list) of the culprit when Vectorscan names one.
    struct CompileFailure: Error {
        var message: String
        var patternIndex: Int?
    }

    let pointer: OpaquePointer

    private init(pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit { hs_free_database(pointer) }

    static func compile(_ patterns: [Pattern]) throws(CompileFailure) -> VectorscanDatabase {
        let expressions = patterns.map { strdup($0.expression) }
        defer { expressions.forEach { free($0) } }
        let flags = patterns.map { $0.prefilter ? UInt32(HS_FLAG_PREFILTER) : 0 }
        let ids = patterns.map(\.id)
        var database: OpaquePointer?
        var error: UnsafeMutablePointer<hs_compile_error_t>?
        let status = expressions.map { UnsafePointer($0) }.withUnsafeBufferPointer { expressionBuffer in
            hs_compile_multi(expressionBuffer.baseAddress, flags, ids, UInt32(patterns.count), UInt32(HS_MODE_BLOCK),
                             nil, &database, &error)
        }
        guard status == HS_SUCCESS, let database else {
            let message = error.flatMap { $0.pointee.message.map { String(cString: $0) } } ?? "error \(status)"
            let index = error.map { Int($0.pointee.expression) }.flatMap { $0 >= 0 ? $0 : nil }
            hs_free_compile_error(error)
            throw CompileFailure(message: message, patternIndex: index)
        }
        return VectorscanDatabase(pointer: database)
    }

    /// How Vectorscan can take `expression`: exactly, as a prefilter, or not at all (then the error message).
    /// Checking one expression is far cheaper than a failed multi-pattern compile.
    static func support(for expression: String) -> (prefilter: Bool, error: String?) {
        for prefilter in [false, true] {
            var info: UnsafeMutablePointer<hs_expr_info_t>?
            var error: UnsafeMutablePointer<hs_compile_error_t>?
            let flags = prefilter ? UInt32(HS_FLAG_PREFILTER) : 0
            let status = hs_expression_info(expression, flags, &info, &error)
            free(info)
            if status == HS_SUCCESS { return (prefilter, nil) }
            let message = error.flatMap { $0.pointee.message.map { String(cString: $0) } } ?? "error \(status)"
            hs_free_compile_error(error)
            if prefilter { return (true, message) }
        }
        return (true, "unreachable")
    }

    func serialize() -> [UInt8]? {
        var bytes: UnsafeMutablePointer<CChar>?
        var length = 0
        guard hs_serialize_database(pointer, &bytes, &length) == HS_SUCCESS, let bytes else { return nil }
        defer { free(bytes) }
        return bytes.withMemoryRebound(to: UInt8.self, capacity: length) { Array(UnsafeBufferPointer(start: $0, count: length)) }
    }

    /// Nil for bytes that are not a valid database for this library and CPU (Vectorscan checks a CRC and the
    /// platform), so a damaged cache file just means a recompile.
    static func deserialize(_ raw: UnsafeRawBufferPointer) -> VectorscanDatabase? {
        var database: OpaquePointer?
        let status = hs_deserialize_database(raw.baseAddress?.assumingMemoryBound(to: CChar.self), raw.count, &database)
        guard status == HS_SUCCESS, let database else { return nil }
        return VectorscanDatabase(pointer: database)
    }

    /// A scratch sized for this database.
    func makeScratch() -> OpaquePointer? {
        var scratch: OpaquePointer?
        return hs_alloc_scratch(pointer, &scratch) == HS_SUCCESS ? scratch : nil
    }

    /// Library version and CPU features: a serialized database is only valid where both match.
    static let platformSignature: String = {
        var platform = hs_platform_info_t()
        _ = hs_populate_platform(&platform)
        let version = String(cString: hs_version())
        return "\(version)|tune=\(platform.tune)|features=\(platform.cpu_features)"
    }()
}
