/// The mutable tree the parser fills in. TOML's rules about redefinition (a table defined twice, a key set twice,
/// an inline table extended later) need to know how each table came to exist, which the finished value tree does
/// not carry.
final class TableBuilder {
    enum Origin {
        /// Created on the way to a deeper header (`[a.b]` creates `a`): may still be defined by its own header.
        case implicit
        /// Defined by its own `[header]` or `[[header]]`.
        case header
        /// Created by a dotted key (`a.b = 1` creates `a`).
        case dottedKey
        /// An inline table `{ ... }`: closed once written.
        case inline
    }

    enum Slot {
        case value(TOMLNode)
        case table(TableBuilder)
        case arrayOfTables(TableArray)
    }

    /// The elements of an array of tables, held by reference: each `[[header]]` appends in place. Held by value
    /// inside the enum, the array was shared with whatever copy of the slot was in hand and so was copied
    /// whole on every append, which made 100,000 headers quadratic.
    final class TableArray {
        private(set) var elements: [TableBuilder]

        init(_ first: TableBuilder) { elements = [first] }

        func append(_ element: TableBuilder) { elements.append(element) }

        var last: TableBuilder { elements[elements.count - 1] }
    }

    let position: TOMLPosition
    var origin: Origin
    /// How many tables and arrays enclose this one (the root is 0); see `TOMLParser.maximumDepth`.
    let depth: Int
    private(set) var order: [String] = []
    private(set) var slots: [String: Slot] = [:]
    private var keyPositions: [String: TOMLPosition] = [:]

    init(position: TOMLPosition, origin: Origin, depth: Int) {
        self.position = position
        self.origin = origin
        self.depth = depth
    }

    subscript(key: String) -> Slot? { slots[key] }

    func set(_ key: String, _ slot: Slot, at position: TOMLPosition) {
        if slots[key] == nil {
            order.append(key)
            keyPositions[key] = position
        }
        slots[key] = slot
    }

    func build(source: String) -> TOMLTable {
        var table = TOMLTable(source: source, position: position)
        for key in order {
            guard let slot = slots[key], let keyPosition = keyPositions[key] else { continue }
            let node: TOMLNode
            switch slot {
            case .value(let value):
                node = value
            case .table(let child):
                node = TOMLNode(value: .table(child.build(source: source)), position: child.position)
            case .arrayOfTables(let children):
                let elements = children.elements.map { TOMLNode(value: .table($0.build(source: source)), position: $0.position) }
                node = TOMLNode(value: .array(elements), position: keyPosition)
            }
            table.append(.init(key: key, keyPosition: keyPosition, node: node))
        }
        return table
    }
}
