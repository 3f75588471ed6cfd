import Foundation

/// An in-toto Statement v1: what is attested (`subject`) and the claim (`predicate` of `predicateType`).
public struct Statement<Predicate: Codable & Sendable>: Codable, Sendable {
    public static var typeURI: String { "https://in-toto.io/Statement/v1" }

    public var type: String = Self.typeURI
    public var subject: [ResourceDescriptor]
    public var predicateType: String
    public var predicate: Predicate

    enum CodingKeys: String, CodingKey {
        case type = "_type", subject, predicateType, predicate
    }

    public init(subject: [ResourceDescriptor], predicateType: String, predicate: Predicate) {
        self.subject = subject
        self.predicateType = predicateType
        self.predicate = predicate
    }

    /// Compact JSON with sorted keys: the exact payload bytes that get signed.
    public func payload() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}

/// An in-toto ResourceDescriptor, as much of it as source evidence uses.
public struct ResourceDescriptor: Codable, Sendable, Equatable {
    /// For an annotated tag, the tag's name.
    public var name: String?
    public var uri: String?
    public var digest: [String: String]
    public var annotations: Annotations?

    public struct Annotations: Codable, Sendable, Equatable {
        /// Full ref names the revision was attested for (SLSA's `sourceRefs`; source-tool reads `source_refs`).
        public var sourceRefs: [String]
        public var source_refs: [String]

        public init(sourceRefs: [String]) {
            self.sourceRefs = sourceRefs
            self.source_refs = sourceRefs
        }
    }

    public init(name: String? = nil, uri: String? = nil, digest: [String: String], annotations: Annotations? = nil) {
        self.name = name
        self.uri = uri
        self.digest = digest
        self.annotations = annotations
    }
}
