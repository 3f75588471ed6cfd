import Foundation

/// Writes a text file as a Swift raw string constant: `embed-text INPUT OUTPUT NAME`.
///
/// The raw-string delimiter gets one more `#` than the longest run of `#` in the text, so no content (regexes full of
/// backslashes and quotes) can end the literal or start an interpolation. A missing input yields an empty string.
let arguments = CommandLine.arguments
guard arguments.count == 4 else {
    FileHandle.standardError.write(Data("usage: embed-text INPUT OUTPUT NAME\n".utf8))
    exit(2)
}
let text = (try? String(contentsOfFile: arguments[1], encoding: .utf8)) ?? ""
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
