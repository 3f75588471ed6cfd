/// git's fsck checks of a commit or tag object (fsck.c `verify_headers`, `fsck_commit`, `fsck_tag_standalone`,
/// `fsck_ident` of git 2.39), followed by git-warden's own checks for objects git's fsck accepts but git itself
/// reads in two ways (see `FsckProblemID`).
///
/// Like git, the git checks stop at the first problem git treats as an error by default; infos and warnings that
/// git would merely print come before it in the list. git-warden rejects an object with any problem at all, so the
/// hook never judges an ambiguous object, whatever `receive.fsckObjects` says.
///
/// Pure value code over the raw object bytes (the body `git cat-file <kind>` prints), so that the hook, `verify`,
/// the audit and the signature verifier all share it; it lives in the dependency-free `GitObjects` target, which
/// both `GitKit`-side code and `WardenSignatures` (which must not see libgit2) can import.
public struct ObjectChecker: Sendable {
    /// 40 for SHA-1 repositories, 64 for SHA-256.
    public let hexLength: Int

    public init(hexLength: Int = 40) {
        self.hexLength = hexLength
    }

    /// Every problem, in git's order; empty when git's fsck and git-warden both accept the object.
    public func problems(in raw: [UInt8], kind: GitObjectKind) -> [FsckProblem] {
        var scan = Scan(bytes: raw, hexLength: hexLength)
        switch kind {
        case .commit: scan.commit()
        case .tag: scan.tag()
        }
        if !scan.stopped { scan.problems += WardenChecks.problems(in: raw, kind: kind) }
        return scan.problems
    }
}

/// The cursor walk of fsck.c, reading past the end as C reads the terminating NUL.
struct Scan {
    let bytes: [UInt8]
    let hexLength: Int
    var cursor = 0
    var problems: [FsckProblem] = []
    /// Set once git would stop checking (a problem it reports as an error).
    var stopped = false

    init(bytes: [UInt8], hexLength: Int) {
        self.bytes = bytes
        self.hexLength = hexLength
    }

    func at(_ index: Int) -> UInt8 { index >= 0 && index < bytes.count ? bytes[index] : 0 }

    /// Records a problem; returns true when git would stop here.
    @discardableResult
    mutating func report(_ id: FsckProblemID, _ message: String) -> Bool {
        problems.append(FsckProblem(id, message))
        switch id.gitSeverity {
        case .fatal, .error, .warden: stopped = true
        case .warning, .info, .ignored: break
        }
        return stopped
    }

    mutating func skip(_ prefix: String) -> Bool {
        let key = Array(prefix.utf8)
        guard bytes.count - cursor >= key.count, bytes[cursor..<(cursor + key.count)].elementsEqual(key) else { return false }
        cursor += key.count
        return true
    }

    /// `parse_oid_hex` followed by the `*p != '\n'` test; moves past the id either way, like git's `p`.
    mutating func objectIDLine() -> Bool {
        var index = cursor
        while index - cursor < hexLength, Self.isHex(at(index)) { index += 1 }
        let valid = index - cursor == hexLength && at(index) == UInt8(ascii: "\n")
        cursor = index + 1
        return valid
    }

    static func isHex(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66) || (byte >= 0x41 && byte <= 0x46)
    }

    /// `verify_headers`.
    mutating func headers(kind: String) -> Bool {
        var index = 0
        while index < bytes.count {
            switch bytes[index] {
            case 0:
                return !report(.nulInHeader, "unterminated header: NUL at offset \(index)")
            case UInt8(ascii: "\n") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\n"):
                return true
            default:
                break
            }
            index += 1
        }
        if bytes.last == UInt8(ascii: "\n") { return true }
        return !report(.unterminatedHeader, "unterminated header")
    }

    /// `fsck_commit`.
    mutating func commit() {
        guard headers(kind: "commit") else { return }
        guard skip("tree ") else { report(.missingTree, "invalid format - expected 'tree' line"); return }
        if !objectIDLine(), report(.badTreeSha1, "invalid 'tree' line format - bad sha1") { return }
        while skip("parent ") {
            if !objectIDLine(), report(.badParentSha1, "invalid 'parent' line format - bad sha1") { return }
        }
        var authors = 0
        while skip("author ") {
            authors += 1
            if !identity() { return }
        }
        if authors < 1, report(.missingAuthor, "invalid format - expected 'author' line") { return }
        if authors > 1, report(.multipleAuthors, "invalid format - multiple 'author' lines") { return }
        guard skip("committer ") else { report(.missingCommitter, "invalid format - expected 'committer' line"); return }
        if !identity() { return }
        if bytes.contains(0) { report(.nulInCommit, "NUL byte in the commit object body") }
    }

    /// `fsck_tag_standalone`.
    mutating func tag() {
        guard headers(kind: "tag") else { return }
        guard skip("object ") else { report(.missingObject, "invalid format - expected 'object' line"); return }
        if !objectIDLine(), report(.badObjectSha1, "invalid 'object' line format - bad sha1") { return }
        guard skip("type ") else { report(.missingTypeEntry, "invalid format - expected 'type' line"); return }
        guard let typeEnd = lineEnd() else {
            report(.missingType, "invalid format - unexpected end after 'type' line"); return
        }
        let type = String(decoding: bytes[cursor..<typeEnd], as: UTF8.self)
        if !["commit", "tree", "blob", "tag"].contains(type), report(.badType, "invalid 'type' value") { return }
        cursor = typeEnd + 1
        guard skip("tag ") else { report(.missingTagEntry, "invalid format - expected 'tag' line"); return }
        guard let nameEnd = lineEnd() else {
            report(.missingTag, "invalid format - unexpected end after 'type' line"); return
        }
        let name = Array(bytes[cursor..<nameEnd])
        if !RefNameFormat.isValid(Array("refs/tags/".utf8) + name),
           report(.badTagName, "invalid 'tag' name: \(String(decoding: name, as: UTF8.self))") { return }
        cursor = nameEnd + 1
        if !skip("tagger ") {
            if report(.missingTaggerEntry, "invalid format - expected 'tagger' line") { return }
        } else if !identity() {
            return
        }
        if at(cursor) == 0 { return }
        if at(cursor) != UInt8(ascii: "\n") {
            report(.extraHeaderEntry, "invalid format - extra header(s) after 'tagger'")
        }
    }

    /// `strchr(buffer, '\n')` from the cursor, stopping at a NUL as C does.
    func lineEnd() -> Int? {
        var index = cursor
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\n") { return index }
            if bytes[index] == 0 { return nil }
            index += 1
        }
        return nil
    }

    /// `fsck_ident`: the cursor moves to the next line first, whatever the verdict. False when git stops.
    mutating func identity() -> Bool {
        var p = cursor
        var end = cursor
        while at(end) != 0 && at(end) != UInt8(ascii: "\n") { end += 1 }
        cursor = at(end) == UInt8(ascii: "\n") ? end + 1 : end
        let stop: (inout Scan, FsckProblemID, String) -> Bool = { scan, id, text in
            !scan.report(id, "invalid author/committer line - \(text)")
        }
        if at(p) == UInt8(ascii: "<") { return stop(&self, .missingNameBeforeEmail, "missing space before email") }
        p = span(from: p)
        if at(p) == UInt8(ascii: ">") { return stop(&self, .badName, "bad name") }
        if at(p) != UInt8(ascii: "<") { return stop(&self, .missingEmail, "missing email") }
        if at(p - 1) != UInt8(ascii: " ") { return stop(&self, .missingSpaceBeforeEmail, "missing space before email") }
        p = span(from: p + 1)
        if at(p) != UInt8(ascii: ">") { return stop(&self, .badEmail, "bad email") }
        p += 1
        if at(p) != UInt8(ascii: " ") { return stop(&self, .missingSpaceBeforeDate, "missing space before date") }
        p += 1
        if at(p) == UInt8(ascii: "0") && at(p + 1) != UInt8(ascii: " ") {
            return stop(&self, .zeroPaddedDate, "zero-padded date")
        }
        let (value, dateEnd) = strtoumax(from: p)
        if Self.dateOverflows(value) { return stop(&self, .badDateOverflow, "date causes integer overflow") }
        if dateEnd == p || at(dateEnd) != UInt8(ascii: " ") { return stop(&self, .badDate, "bad date") }
        p = dateEnd + 1
        let sign = at(p)
        if (sign != UInt8(ascii: "+") && sign != UInt8(ascii: "-")) || !(1...4).allSatisfy({ IdentityLine.isDigit(at(p + $0)) })
            || at(p + 5) != UInt8(ascii: "\n")
        {
            return stop(&self, .badTimezone, "bad time zone")
        }
        return true
    }

    /// `p += strcspn(p, "<>\n")`.
    func span(from start: Int) -> Int {
        var p = start
        while at(p) != 0, at(p) != UInt8(ascii: "<"), at(p) != UInt8(ascii: ">"), at(p) != UInt8(ascii: "\n") { p += 1 }
        return p
    }

    /// C `strtoumax(p, &end, 10)`: leading C-locale whitespace, an optional sign (a minus negates modulo 2^64),
    /// digits saturating at `UInt64.max`; `end == p` when no digit was read.
    func strtoumax(from start: Int) -> (UInt64, Int) {
        var p = start
        while [0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D].contains(at(p)) { p += 1 }
        var negative = false
        if at(p) == UInt8(ascii: "+") || at(p) == UInt8(ascii: "-") {
            negative = at(p) == UInt8(ascii: "-")
            p += 1
        }
        let digitsStart = p
        while IdentityLine.isDigit(at(p)) { p += 1 }
        guard p > digitsStart else { return (0, start) }
        let value = IdentityLine.parseTimestamp(Array(bytes[digitsStart..<p]))
        if value == UInt64.max { return (value, p) }
        return (negative ? 0 &- value : value, p)
    }

    /// date.c `date_overflows`: the value must fit a signed 64-bit `time_t` and not be `UINTMAX_MAX`.
    static func dateOverflows(_ value: UInt64) -> Bool {
        value == UInt64.max || value > UInt64(Int64.max)
    }
}
