public import TieoutCore
public import TieoutImport

/// Recognises an export among a catalog's templates (``ExportRecognition``). Used by
/// `tieout inspect`, `tieout init` and by `tieout run` when a source names no template.
public struct Inspector: Sendable {
  public typealias Recognition = ExportRecognition.Recognition
  public let catalog: TemplateCatalog

  public init(catalog: TemplateCatalog) { self.catalog = catalog }

  /// Recognises the file at `path`.
  public func recognise(path: String, displayName: String) throws(TieoutError) -> Recognition {
    ExportRecognition.recognise(path: path, displayName: displayName, templates: try catalog.all())
  }

  /// Templates that would fit the file's header but for its delimiter.
  public func fitsButForDelimiter(path: String) throws(TieoutError) -> [Template] {
    ExportRecognition.fitsButForDelimiter(path: path, templates: try catalog.all())
  }
}
