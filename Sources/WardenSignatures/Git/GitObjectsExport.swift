/// `GitObjectKind` and the identity parser moved to the dependency-free `GitObjects` target so that GitKit-side
/// code can share them; users of WardenSignatures keep seeing them through this module.
@_exported public import GitObjects
