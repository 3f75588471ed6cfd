import Foundation

/// One result: which rule, how severe, what and where, a fingerprint that tracks it across runs, and properties.
public struct SARIFResult: Codable, Sendable, Equatable {
    public var ruleId: String
    public var ruleIndex: Int
    public var level: SARIFLevel
    public var message: SARIFMessage
    public var locations: [SARIFLocation]
    public var partialFingerprints: [String: String]
    public var properties: [String: SARIFValue]
    public var suppressions: [SARIFSuppression]?

    public init(ruleId: String, ruleIndex: Int, level: SARIFLevel, message: String, locations: [SARIFLocation],
                partialFingerprints: [String: String], properties: [String: SARIFValue],
                suppressions: [SARIFSuppression]? = nil) {
        self.ruleId = ruleId
        self.ruleIndex = ruleIndex
        self.level = level
        self.message = SARIFMessage(message)
        self.locations = locations
        self.partialFingerprints = partialFingerprints
        self.properties = properties
        self.suppressions = suppressions
    }
}

/// A value in a property bag: git-warden's properties are texts and numbers.
public enum SARIFValue: Codable, Sendable, Equatable {
    case text(String)
    case number(Double)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Double.self) { self = .number(number) } else {
            self = .text(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let text): try container.encode(text)
        case .number(let number): try container.encode(number)
        }
    }
}

/// Where a result or a notification is: a file (a relative path or a file URI) and, when known, a line and column.
public struct SARIFLocation: Codable, Sendable, Equatable {
    public struct Physical: Codable, Sendable, Equatable {
        public var artifactLocation: Artifact
        public var region: Region?
    }

    public struct Artifact: Codable, Sendable, Equatable {
        public var uri: String
    }

    public struct Region: Codable, Sendable, Equatable {
        public var startLine: Int
        public var startColumn: Int
    }

    public var physicalLocation: Physical

    /// A relative path stays relative (forward slashes, percent-encoded); an absolute one becomes a file URI.
    /// Line 0 means the whole file: no region.
    public init(path: String, line: Int = 0, column: Int = 0) {
        let encoded = path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path
        let uri = path.hasPrefix("/") ? "file://" + encoded : encoded
        physicalLocation = Physical(artifactLocation: Artifact(uri: uri),
                                    region: line > 0 ? Region(startLine: line, startColumn: max(1, column)) : nil)
    }
}

/// A result the user accepted outside the tool (an acknowledged audit finding).
public struct SARIFSuppression: Codable, Sendable, Equatable {
    public var kind: String
    public var status: String
    public var justification: String

    public init(acceptedExternally justification: String) {
        kind = "external"
        status = "accepted"
        self.justification = justification
    }
}

/// How the tool ran, with what it could not look at (notes about skipped files).
public struct SARIFInvocation: Codable, Sendable, Equatable {
    public struct Notification: Codable, Sendable, Equatable {
        public var level: SARIFLevel
        public var message: SARIFMessage
        public var locations: [SARIFLocation]

        public init(level: SARIFLevel, message: String, locations: [SARIFLocation]) {
            self.level = level
            self.message = SARIFMessage(message)
            self.locations = locations
        }
    }

    public var executionSuccessful: Bool
    public var toolExecutionNotifications: [Notification]

    public init(executionSuccessful: Bool, toolExecutionNotifications: [Notification]) {
        self.executionSuccessful = executionSuccessful
        self.toolExecutionNotifications = toolExecutionNotifications
    }
}

extension SARIFLog {
    /// The document as pretty-printed JSON with sorted keys and a final newline.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }
}
