import Foundation

/// Writes a text file as a Swift raw string constant: `embed-text INPUT OUTPUT NAME [--strip-examples]`.
///
/// The raw-string delimiter gets one more `#` than the longest run of `#` in the text, so no content (regexes full of
/// backslashes and quotes) can end the literal or start an interpolation. A missing input yields an empty string.
///
/// `--strip-examples` leaves out the rule files' `positives = [` … `]` and `negatives = [` … `]` blocks (each opened
/// and closed on a line of its own, as the default rules are written): a hook parses the rules on every run and
/// needs no examples, which are about 40% of the file. A test compares both versions rule by rule.
let arguments = CommandLine.arguments
guard arguments.count == 4 || (arguments.count == 5 && arguments[4] == "--strip-examples") else {
    FileHandle.standardError.write(Data("usage: embed-text INPUT OUTPUT NAME [--strip-examples]\n".utf8))
    exit(2)
}
var text = (try? String(contentsOfFile: arguments[1], encoding: .utf8)) ?? ""
if arguments.count == 5 {
    var kept: [Substring] = []
    var inExamples = false
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        if inExamples {
            if line == "]" { inExamples = false }
            continue
        }
        if line == "positives = [" || line == "negatives = [" {
            inExamples = true
            continue
        }
        kept.append(line)
    }
    if inExamples {
        FileHandle.standardError.write(Data("embed-text: \(arguments[1]): an examples block is not closed by a line ']'\n".utf8))
        exit(1)
    }
    text = kept.joined(separator: "\n")
}
var longestRun = 0
var run = 0
for character in text.unicodeScalars {
    run = character == "#" ? run + 1 : 0
    longestRun = max(longestRun, run)
}
let hashes = String(repeating: "#", count: longestRun + 1)
let source = """
// Generated at build time by embed-text from \(URL(fileURLWithPath: arguments[1]).lastPathComponent). Do not edit.
let \(arguments[3]): String = \(hashes)\"\"\"
\(text)
\"\"\"\(hashes)

"""
do {
    try source.write(toFile: arguments[2], atomically: true, encoding: .utf8)
} catch {
    FileHandle.standardError.write(Data("embed-text: \(error)\n".utf8))
    exit(1)
}
