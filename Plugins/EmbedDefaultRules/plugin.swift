import Foundation
import PackagePlugin

/// Embeds `Resources/default-rules.toml` of the target into the binary as a Swift string constant.
///
/// A hook binary is often copied alone into `/usr/local/bin` or a server's hooks directory. A SwiftPM resource bundle
/// lives beside the binary on Linux and `Bundle.module` traps when it is missing, so the rules travel inside the
/// executable instead. The TOML file stays the single source of truth; nothing generated is checked in.
@main
struct EmbedDefaultRules: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let input = context.package.directoryURL.appending(path: "Sources/\(target.name)/Resources/default-rules.toml")
        let output = context.pluginWorkDirectoryURL.appending(path: "DefaultRulesText.swift")
        let runtimeOutput = context.pluginWorkDirectoryURL.appending(path: "DefaultRulesRuntimeText.swift")
        // A missing file embeds an empty rule set rather than failing the build.
        let exists = FileManager.default.fileExists(atPath: input.path)
        let tool = try context.tool(named: "embed-text").url
        return [
            .buildCommand(
                displayName: "Embedding \(input.lastPathComponent)",
                executable: tool,
                arguments: [input.path, output.path, "defaultRulesText"],
                inputFiles: exists ? [input] : [],
                outputFiles: [output]
            ),
            // What hooks parse on every run: the same rules without their examples.
            .buildCommand(
                displayName: "Embedding \(input.lastPathComponent) without examples",
                executable: tool,
                arguments: [input.path, runtimeOutput.path, "defaultRulesRuntimeText", "--strip-examples"],
                inputFiles: exists ? [input] : [],
                outputFiles: [runtimeOutput]
            ),
        ]
    }
}
