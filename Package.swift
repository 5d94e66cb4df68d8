// swift-tools-version:6.1
//
// newsd: a daemon that turns a folder of incoming news articles into a searchable store and a daily digest.
//
// `Core` holds everything that can be tested without a process (parsing, text analysis, the store, the
// digest, the inbox machinery); `Daemon` is the thin `newsd` executable (commands, service wiring, signals).
import PackageDescription

let package = Package(
    name: "newsd",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "newsd", targets: ["Daemon"]),
        .library(name: "Core", targets: ["Core"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        // libxml2's HTML and XML parsers: they survive broken markup, and they are on every Debian machine.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // The Snowball stemmers, for stemming English terms in story grouping and search.
        .systemLibrary(
            name: "CLibStemmer",
            providers: [.apt(["libstemmer-dev"])]
        ),
        // SHA-256 blocks on the CPU's SHA instructions, which Swift cannot reach (one C file).
        .target(name: "CSHA256"),
        // MinHash's 64 hash functions eight at a time on AVX-512, which Swift cannot reach (one C file).
        .target(name: "CMinHash"),
        // glibc's `mallopt`, which Swift's Glibc module does not bring in (one C file).
        .target(name: "CMalloc"),
        .target(
            name: "Core",
            dependencies: [
                "CLibXML2",
                "CLibStemmer",
                "CSHA256",
                "CMinHash",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C interface, for the one hook GRDB does not wrap (see LogCheckpointer).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        .executableTarget(
            name: "Daemon",
            dependencies: [
                "Core",
                "CMalloc",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "CoreTests",
            dependencies: ["Core"],
            // Expected renderings of a fixed digest; read from the source tree by the golden-file tests.
            exclude: ["Golden"]
        ),
        .testTarget(
            name: "EndToEndTests",
            // Depending on the executable makes `swift test` build `newsd` before these tests spawn it.
            dependencies: ["Daemon", "Core", "CMalloc"],
            resources: [.copy("Fixtures")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
