/// A rule (reportingDescriptor) of the driver: what a result's `ruleId` names.
public struct SARIFRule: Codable, Sendable, Equatable {
    public struct Configuration: Codable, Sendable, Equatable {
        public var level: SARIFLevel
    }

    public struct Properties: Codable, Sendable, Equatable {
        public var tags: [String]
    }

    public var id: String
    public var name: String
    public var shortDescription: SARIFMessage
    public var fullDescription: SARIFMessage?
    public var help: SARIFMessage
    public var defaultConfiguration: Configuration
    public var properties: Properties

    public init(id: String, shortDescription: String, fullDescription: String? = nil, help: String,
                level: SARIFLevel, tags: [String]) {
        self.id = id
        self.name = id
        self.shortDescription = SARIFMessage(shortDescription)
        self.fullDescription = fullDescription.map(SARIFMessage.init)
        self.help = SARIFMessage(help)
        self.defaultConfiguration = Configuration(level: level)
        self.properties = Properties(tags: tags)
    }
}

/// The rules of a run, each described once, in the order of their first result; results point at them by index.
public struct SARIFRuleTable: Sendable {
    public private(set) var rules: [SARIFRule] = []
    private var indices: [String: Int] = [:]

    public init() {}

    /// The index of the rule `id`, describing it with `make` the first time it is seen.
    public mutating func index(of id: String, _ make: () -> SARIFRule) -> Int {
        if let index = indices[id] { return index }
        indices[id] = rules.count
        rules.append(make())
        return rules.count - 1
    }
}
