/// A git object split into the bytes that were signed and the signature over them, exactly as git splits it.
///
/// Verifying anything other than what git verifies would let a crafted object be "good" for us and bad for git,
/// so the two extraction algorithms below mirror commit.c `parse_buffer_signed_by_header` and gpg-interface.c
/// `parse_signed_buffer` line for line, including their treatment of odd input (NUL bytes are ordinary bytes,
/// a header after the blank line is message text, duplicated signature headers are concatenated).
public struct SignedObject: Sendable, Hashable {
    /// The exact bytes the signer signed.
    public let payload: [UInt8]
    /// The signature text (armor), with git's header indentation removed.
    public let signature: [UInt8]
    /// The format git would pick for `signature`, or nil when git would refuse it ("bad/incompatible signature").
    public let format: SignatureFormat?

    /// Splits `rawObject` (the object body as `git cat-file <kind>` prints it); nil when git sees no signature.
    public static func extract(
        rawObject: [UInt8], kind: GitObjectKind, hashAlgorithm: GitHashAlgorithm = .sha1
    ) -> SignedObject? {
        switch kind {
        case .commit: extractFromHeader(rawObject, header: hashAlgorithm.signatureHeader)
        case .tag: extractTrailer(rawObject)
        }
    }

    /// commit.c `parse_buffer_signed_by_header`.
    static func extractFromHeader(_ buffer: [UInt8], header: [UInt8]) -> SignedObject? {
        let newline = UInt8(ascii: "\n"), space = UInt8(ascii: " ")
        let gpgsig = Array("gpgsig".utf8)
        var payload: [UInt8] = [], signature: [UInt8] = []
        payload.reserveCapacity(buffer.count)
        var inSignature = false, sawSignature = false, otherSignature = false
        var line = 0
        let tail = buffer.count
        while line < tail {
            var next = (buffer[line..<tail].firstIndex(of: newline)).map { $0 + 1 } ?? tail
            var sigStart: Int?
            if inSignature && buffer[line] == space {
                sigStart = line + 1
            } else if hasPrefix(buffer, at: line, header), line + header.count < tail,
                buffer[line + header.count] == space
            {
                sigStart = line + header.count + 1
                otherSignature = false
            } else if hasPrefix(buffer, at: line, gpgsig) {
                otherSignature = true
            } else if otherSignature && buffer[line] != space {
                otherSignature = false
            }
            if let sigStart {
                signature.append(contentsOf: buffer[sigStart..<next])
                sawSignature = true
                inSignature = true
            } else {
                if buffer[line] == newline { next = tail }
                if !otherSignature { payload.append(contentsOf: buffer[line..<next]) }
                inSignature = false
            }
            line = next
        }
        guard sawSignature else { return nil }
        return SignedObject(payload: payload, signature: signature, format: SignatureFormat.detect(in: signature, at: 0))
    }

    /// gpg-interface.c `parse_signed_buffer`: the signature starts at the LAST line that opens a known armor.
    static func extractTrailer(_ buffer: [UInt8]) -> SignedObject? {
        let newline = UInt8(ascii: "\n")
        var match: Int?
        var format: SignatureFormat?
        var offset = 0
        while offset < buffer.count {
            if let detected = SignatureFormat.detect(in: buffer, at: offset) {
                match = offset
                format = detected
            }
            offset = (buffer[offset...].firstIndex(of: newline)).map { $0 + 1 } ?? buffer.count
        }
        guard let match else { return nil }
        guard let payload = removingHeaderSignatures(Array(buffer[..<match])) else {
            return SignedObject(payload: [], signature: Array(buffer[match...]), format: nil)
        }
        return SignedObject(payload: payload, signature: Array(buffer[match...]), format: format)
    }

    /// commit.c `remove_signature`: a tag's payload loses its `gpgsig` / `gpgsig-sha256` header blocks (at most
    /// two are tracked). Returns nil for a third block, where git writes past its array: no defined answer.
    static func removingHeaderSignatures(_ buffer: [UInt8]) -> [UInt8]? {
        let newline = UInt8(ascii: "\n"), space = UInt8(ascii: " ")
        let headers = [GitHashAlgorithm.sha1.signatureHeader, GitHashAlgorithm.sha256.signatureHeader]
        var blocks: [Range<Int>] = []
        var current: Range<Int>?
        var inSignature = false
        var line = 0
        while line < buffer.count {
            var next = (buffer[line...].firstIndex(of: newline)).map { $0 + 1 } ?? buffer.count
            if inSignature && buffer[line] == space {
                current = (current?.lowerBound ?? line)..<next
            } else if hasPrefix(buffer, at: line, headers[0]) {
                for header in headers
                where hasPrefix(buffer, at: line, header) && line + header.count < buffer.count
                    && buffer[line + header.count] == space
                {
                    guard blocks.count < 2 else { return nil }
                    current = line..<next
                    inSignature = true
                }
            } else {
                if buffer[line] == newline { next = buffer.count }
                if inSignature, let block = current {
                    blocks.append(block)
                    current = nil
                }
                inSignature = false
            }
            line = next
        }
        if let current { blocks.append(current) }
        guard blocks.count <= 2 else { return nil }
        var payload = buffer
        for block in blocks.reversed() { payload.removeSubrange(block) }
        return payload
    }

    private static func hasPrefix(_ bytes: [UInt8], at offset: Int, _ prefix: [UInt8]) -> Bool {
        bytes.count - offset >= prefix.count && bytes[offset..<(offset + prefix.count)].elementsEqual(prefix)
    }
}
