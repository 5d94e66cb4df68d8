// swift-tools-version:6.0
// A separate package, so `swift test` at the root never builds it: `scripts/bench-instructions` does.
import Foundation
import PackageDescription

// A path dependency is known by its folder's name, which is whatever the clone was called.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized

let package = Package(
    name: "InstructionCount",
    dependencies: [.package(path: root.path)],
    targets: [
        .executableTarget(name: "InstructionCount", dependencies: [.product(name: "Core", package: root.lastPathComponent)]),
    ]
)
