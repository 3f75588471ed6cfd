/// Filling a cache ahead of time, so that the first push after installation does not pay the compile either.
extension SecretScanner {
    /// Parses and compiles the built-in rules into `directory` (the installer's system cache); the report says
    /// whether the directory accepted them.
    public static func compileDefaultRules(into directory: String) throws(SecretsError) -> RulesCacheReport {
        let location = CacheLocation.directory(directory)
        return try SecretScanner(rules: RuleSet.defaultRules(cache: location), cache: location).cacheReport
    }
}
