/// Byte-string helpers for the scan path, where `String` would cost a UTF-8 validation per call.
enum Bytes {
    /// Whether `needle` occurs in `haystack` (naive search: both are a line or shorter here).
    static func contains(_ haystack: ArraySlice<UInt8>, _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return true }
        guard haystack.count >= needle.count else { return false }
        let first = needle[0]
        var index = haystack.startIndex
        let last = haystack.endIndex - needle.count
        while index <= last {
            if haystack[index] == first && haystack[index..<index + needle.count].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }

    /// ASCII lower case; other bytes unchanged (keywords and stopwords are ASCII in practice).
    static func lowercased(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        bytes.map { $0 >= 65 && $0 <= 90 ? $0 | 0x20 : $0 }
    }
}
