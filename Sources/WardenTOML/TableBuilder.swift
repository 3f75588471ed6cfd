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
        case arrayOfTables([TableBuilder])
    }

    let position: TOMLPosition
    var origin: Origin
    private(set) var order: [String] = []
    private(set) var slots: [String: Slot] = [:]
    private var keyPositions: [String: TOMLPosition] = [:]

    init(position: TOMLPosition, origin: Origin) {
        self.position = position
        self.origin = origin
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
                let elements = children.map { TOMLNode(value: .table($0.build(source: source)), position: $0.position) }
                node = TOMLNode(value: .array(elements), position: keyPosition)
            }
            table.append(.init(key: key, keyPosition: keyPosition, node: node))
        }
        return table
    }
}
