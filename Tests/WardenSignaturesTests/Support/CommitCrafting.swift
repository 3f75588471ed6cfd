/// Builds crafted variants of a signed commit's raw bytes, the shapes an attacker would try.
enum CommitCrafting {
    static func lines(_ raw: [UInt8]) -> [String] {
        String(decoding: raw, as: UTF8.self).components(separatedBy: "\n")
    }

    /// Splits into (header lines without gpgsig block, gpgsig block lines, message after the blank line).
    static func parts(_ raw: [UInt8]) -> (headers: [String], signature: [String], message: String) {
        let all = lines(raw)
        let blank = all.firstIndex(of: "") ?? all.count
        var headers: [String] = [], signature: [String] = []
        var inSig = false
        for line in all[..<blank] {
            if line.hasPrefix("gpgsig ") { inSig = true; signature.append(line); continue }
            if inSig && line.hasPrefix(" ") { signature.append(line); continue }
            inSig = false
            headers.append(line)
        }
        return (headers, signature, all[(blank + 1)...].joined(separator: "\n"))
    }

    static func join(_ headers: [String], _ message: String) -> [UInt8] {
        Array((headers.joined(separator: "\n") + "\n\n" + message).utf8)
    }

    /// Replaces the gpgsig header with `armor` (ends with a newline).
    static func replacingSignature(in raw: [UInt8], with armor: [UInt8]) -> [UInt8] {
        let (headers, _, message) = parts(raw)
        var armorLines = String(decoding: armor, as: UTF8.self).components(separatedBy: "\n")
        if armorLines.last == "" { armorLines.removeLast() }
        let block = ["gpgsig " + armorLines[0]] + armorLines.dropFirst().map { " " + $0 }
        return join(headers + block, message)
    }

    static func variants(of raw: [UInt8]) -> [(String, [UInt8])] {
        let (headers, sig, message) = parts(raw)
        let sigText = sig.joined(separator: "\n")
        var out: [(String, [UInt8])] = []
        out.append(("signature moved into message", join(headers, sigText + "\n" + message)))
        out.append(("signature duplicated", join(headers + sig + sig, message)))
        out.append(("signature as sha256 header", join(headers + sig.enumerated().map { $0.offset == 0 ? $0.element.replacingOccurrences(of: "gpgsig ", with: "gpgsig-sha256 ") : $0.element }, message)))
        out.append(("header after signature", join(headers.prefix(1) + sig + headers.dropFirst(), message)))
        out.append(("extra header injected", join(headers + sig + ["evil header"], message)))
        out.append(("CRLF line endings", Array(String(decoding: raw, as: UTF8.self).replacingOccurrences(of: "\n", with: "\r\n").utf8)))
        out.append(("NUL in message", join(headers + sig, message + "\u{0}hidden")))
        out.append(("continuation dropped", join(headers + sig.dropLast(), message)))
        out.append(("message appended", join(headers + sig, message + "more\n")))
        return out
    }
}

extension CommitCrafting {
    /// Inserts `armor` as a gpgsig header into an unsigned commit, as git itself would.
    static func addingSignature(to raw: [UInt8], armor: [UInt8]) -> [UInt8] {
        replacingSignature(in: raw, with: armor)
    }
}
