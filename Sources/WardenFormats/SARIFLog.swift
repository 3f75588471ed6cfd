/// SARIF 2.1.0 (OASIS), as GitHub code scanning and other SARIF viewers read it: the part of the format git-warden
/// writes, as Codable values. `scan` and `audit` fill the same model, so both reports follow one schema (checked
/// against the vendored official schema by the integration tests) and share one serialisation.
public struct SARIFLog: Codable, Sendable, Equatable {
    public static let schemaURI = "https://json.schemastore.org/sarif-2.1.0.json"

    public var schema: String
    public var version: String
    public var runs: [SARIFRun]

    enum CodingKeys: String, CodingKey {
        case schema = "$schema", version, runs
    }

    public init(runs: [SARIFRun]) {
        self.schema = Self.schemaURI
        self.version = "2.1.0"
        self.runs = runs
    }
}

/// One run of one tool: its rules, its results and how its invocation went.
public struct SARIFRun: Codable, Sendable, Equatable {
    public var tool: SARIFTool
    public var results: [SARIFResult]
    public var invocations: [SARIFInvocation]?
    /// How columns are counted (`unicodeCodePoints`); nil leaves SARIF's default.
    public var columnKind: String?

    public init(tool: SARIFTool, results: [SARIFResult], invocations: [SARIFInvocation]? = nil,
                columnKind: String? = nil) {
        self.tool = tool
        self.results = results
        self.invocations = invocations
        self.columnKind = columnKind
    }
}

public struct SARIFTool: Codable, Sendable, Equatable {
    public var driver: SARIFDriver

    public init(driver: SARIFDriver) { self.driver = driver }
}

/// The tool itself, with every rule a result of this run points at (by id and by index).
public struct SARIFDriver: Codable, Sendable, Equatable {
    public var name: String
    public var version: String
    public var semanticVersion: String
    public var informationUri: String
    public var rules: [SARIFRule]

    public init(name: String, version: String, informationUri: String, rules: [SARIFRule]) {
        self.name = name
        self.version = version
        self.semanticVersion = version
        self.informationUri = informationUri
        self.rules = rules
    }
}

/// A text for people (SARIF's `message` object, also used for descriptions and help).
public struct SARIFMessage: Codable, Sendable, Equatable {
    public var text: String

    public init(_ text: String) { self.text = text }
}

/// SARIF's levels of a result or a notification.
public enum SARIFLevel: String, Codable, Sendable {
    case error, warning, note, none
}
