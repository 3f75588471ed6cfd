import Foundation

/// ASCII armor (RFC 4880 section 6.2): the form git stores signatures in and `gpg --export --armor` writes.
///
/// Strict on purpose: the CRC, when present, must match; the END label must match BEGIN; only line breaks may
/// follow the END line of a signature, so one armored text has one meaning.
enum PGPArmor {
    struct Block {
        let label: String
        let data: [UInt8]
    }

    /// Decodes every armored block in `text` (keyrings may hold several).
    static func decodeAll(_ text: [UInt8]) throws(SignatureParseError) -> [Block] {
        let lines = text.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
            String(decoding: line.last == UInt8(ascii: "\r") ? line.dropLast() : line, as: UTF8.self)
        }
        var blocks: [Block] = []
        var index = 0
        while index < lines.count {
            let line = trimmed(lines[index])
            index += 1
            guard line.hasPrefix("-----BEGIN PGP "), line.hasSuffix("-----") else { continue }
            let label = String(line.dropFirst("-----BEGIN ".count).dropLast(5))
            let (block, next) = try decodeBody(lines, from: index, label: label)
            blocks.append(block)
            index = next
        }
        return blocks
    }

    /// Decodes a signature armor that must be the whole of `text` (plus trailing line breaks).
    static func decodeSingle(_ text: [UInt8]) throws(SignatureParseError) -> Block {
        var lines = text.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
        while lines.last == "" { lines.removeLast() }
        guard let first = lines.first, first.hasPrefix("-----BEGIN PGP "), first.hasSuffix("-----") else {
            throw SignatureParseError("missing OpenPGP armor")
        }
        let label = String(first.dropFirst("-----BEGIN ".count).dropLast(5))
        let (block, next) = try decodeBody(lines, from: 1, label: label)
        guard next == lines.count else { throw SignatureParseError("bytes after the OpenPGP armor") }
        return block
    }

    /// The line without surrounding spaces and tabs (cheaper than Foundation's character-set trimming).
    private static func trimmed(_ line: String) -> Substring {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        let start = line.firstIndex { !isBlank($0) } ?? line.endIndex
        let end = line.lastIndex { !isBlank($0) }.map { line.index(after: $0) } ?? start
        return line[start..<end]
    }

    private static func decodeBody(_ lines: [String], from start: Int, label: String) throws(SignatureParseError)
        -> (Block, Int)
    {
        var index = start
        // Armor headers ("Version: ...", "Comment: ...") end at the first empty line.
        while index < lines.count, lines[index].contains(": ") { index += 1 }
        guard index < lines.count, trimmed(lines[index]).isEmpty else {
            throw SignatureParseError("OpenPGP armor lacks the blank line after its headers")
        }
        index += 1
        var base64 = "", checksum: String?
        let endLine = "-----END \(label)-----"
        while true {
            guard index < lines.count else { throw SignatureParseError("OpenPGP armor is truncated (no END line)") }
            let line = trimmed(lines[index])
            index += 1
            if line == endLine { break }
            if line.hasPrefix("-----") { throw SignatureParseError("OpenPGP armor END line does not match") }
            if line.hasPrefix("=") && line.count == 5 {
                checksum = String(line.dropFirst())
            } else {
                guard checksum == nil else { throw SignatureParseError("data after the OpenPGP armor checksum") }
                base64 += line
            }
        }
        guard let data = Data(base64Encoded: base64), !data.isEmpty else {
            throw SignatureParseError("OpenPGP armor is not valid base64")
        }
        let bytes = Array(data)
        if let checksum {
            guard let crcData = Data(base64Encoded: checksum), crcData.count == 3 else {
                throw SignatureParseError("OpenPGP armor checksum is malformed")
            }
            let expected = crcData.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            guard CRC24.checksum(bytes) == expected else { throw SignatureParseError("OpenPGP armor CRC mismatch") }
        }
        return (Block(label: label, data: bytes), index)
    }
}
