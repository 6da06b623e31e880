// swift-tools-version: 6.0
import PackageDescription

let strict: [SwiftSetting] = [
  .enableUpcomingFeature("ExistentialAny"),
  .enableUpcomingFeature("MemberImportVisibility"),
  .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
  name: "tieout",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "tieout", targets: ["tieout"]),
    .library(name: "TieoutPipeline", targets: ["TieoutPipeline"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    .package(url: "https://github.com/apple/swift-algorithms", from: "1.2.1"),
    .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
  ],
  targets: [
    .systemLibrary(
      name: "CXLSXWriter",
      pkgConfig: "xlsxwriter",
      providers: [.apt(["libxlsxwriter-dev"])]
    ),
    .target(
      name: "XLSXWriter",
      dependencies: ["CXLSXWriter", "TieoutIO", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
      swiftSettings: strict
    ),
    // glibc's mallopt, for Allocator.keepFreedMemory.
    .systemLibrary(name: "CMalloc"),
    .target(name: "TieoutCore", swiftSettings: strict),
    // Files and the process: inputs opened as regular files only, outputs staged and renamed,
    // temporary files removed on interrupt, the allocator's tuning. TieoutCore does no I/O.
    .target(name: "TieoutIO", dependencies: ["TieoutCore", "CMalloc"], swiftSettings: strict),
    .target(
      name: "TieoutImport",
      dependencies: ["TieoutCore", "TieoutIO", .product(name: "Yams", package: "Yams")],
      swiftSettings: strict
    ),
    .target(
      name: "TieoutMatch",
      dependencies: [
        "TieoutCore", .product(name: "Algorithms", package: "swift-algorithms"),
        .product(name: "HeapModule", package: "swift-collections"),
      ],
      swiftSettings: strict
    ),
    .target(name: "TieoutReports", dependencies: ["TieoutCore", "TieoutMatch"], swiftSettings: strict),
    .target(
      name: "TieoutWorkbook",
      dependencies: [
        "TieoutCore", "TieoutIO", "TieoutMatch", "TieoutReports", "XLSXWriter",
      ],
      swiftSettings: strict
    ),
    .target(
      name: "TieoutPipeline",
      dependencies: [
        "TieoutCore", "TieoutIO", "TieoutImport", "TieoutMatch", "TieoutReports", "TieoutWorkbook",
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "Yams", package: "Yams"),
      ],
      swiftSettings: strict
    ),
    .executableTarget(
      name: "tieout",
      dependencies: [
        "TieoutPipeline", "TieoutCore", "TieoutIO", "TieoutImport", "TieoutMatch", "TieoutReports",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: strict
    ),
    // `make bench`'s matcher benchmark: N bank × N GL rows in memory, 1:1 with a 5-day window.
    .executableTarget(
      name: "tieout-bench",
      dependencies: ["TieoutCore", "TieoutIO", "TieoutMatch"],
      path: "Benchmarks/MatchBench",
      swiftSettings: strict
    ),
    // libFuzzer's driver, declared for the fuzz targets.
    .systemLibrary(name: "CFuzzer"),
    // `make fuzz`: libFuzzer targets for every reader of outside input (Fuzz/TieoutFuzz.swift).
    .executableTarget(
      name: "tieout-fuzz",
      dependencies: ["CFuzzer", "TieoutCore", "TieoutImport", "TieoutPipeline", "XLSXWriter"],
      path: "Fuzz",
      swiftSettings: strict
    ),
    .target(
      name: "TieoutTestSupport",
      dependencies: ["TieoutCore"],
      swiftSettings: strict
    ),
    .testTarget(
      name: "TieoutCoreTests", dependencies: ["TieoutCore"], swiftSettings: strict),
    .testTarget(
      name: "TieoutImportTests",
      dependencies: ["TieoutImport", "TieoutCore", "TieoutTestSupport"],
      swiftSettings: strict
    ),
    .testTarget(
      name: "TieoutMatchTests",
      dependencies: [
        "TieoutMatch", "TieoutCore", "TieoutTestSupport",
        .product(name: "PropertyBased", package: "swift-property-based"),
      ],
      swiftSettings: strict
    ),
    .testTarget(
      name: "XLSXWriterTests",
      dependencies: ["XLSXWriter", "TieoutTestSupport", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
      swiftSettings: strict
    ),
    .testTarget(
      name: "TieoutPipelineTests",
      dependencies: [
        "TieoutPipeline", "TieoutCore", "TieoutImport", "TieoutMatch", "TieoutReports", "TieoutWorkbook",
        "TieoutTestSupport", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        .product(name: "Crypto", package: "swift-crypto"),
      ],
      swiftSettings: strict
    ),
  ]
)
