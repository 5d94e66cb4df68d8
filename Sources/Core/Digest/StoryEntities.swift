/// The people, organisations and places a story is about, from its articles' entities.
public enum StoryEntities {
    /// Entities named by the most articles first (then by mentions), each under its fullest name
    /// ("Ali Khamenei", not "Khamenei"), typed by what most articles call it.
    public static func top(_ articles: [[Entity]], limit: Int = 8) -> [DigestEntity] {
        struct Tally {
            var name: String
            var articles = 0
            var mentions = 0
            var kinds: [Entity.Kind: Int] = [:]
        }
        var tallies: [String: Tally] = [:]
        var order: [String] = []
        for entities in articles {
            var seen: Set<String> = []
            for entity in entities {
                let key = entity.key
                if tallies[key] == nil {
                    tallies[key] = Tally(name: key)
                    order.append(key)
                }
                tallies[key]?.mentions += entity.mentions
                tallies[key]?.kinds[entity.kind, default: 0] += 1
                if seen.insert(key).inserted { tallies[key]?.articles += 1 }
            }
        }
        let ranked = order.enumerated().compactMap { index, key in tallies[key].map { (index, $0) } }.sorted { a, b in
            if a.1.articles != b.1.articles { return a.1.articles > b.1.articles }
            if a.1.mentions != b.1.mentions { return a.1.mentions > b.1.mentions }
            return a.0 < b.0
        }
        return ranked.prefix(limit).compactMap { _, tally in
            let kind = tally.kinds.max { a, b in a.value != b.value ? a.value < b.value : a.key.rawValue > b.key.rawValue }?.key
            return kind.map { DigestEntity(name: tally.name, type: $0, articles: tally.articles) }
        }
    }
}
