internal import CXLSXWriter

/// A native Excel chart over ranges of the workbook's cells.
///
/// ```swift
/// var chart = Chart(kind: .column, title: "Aging by bucket")
/// chart.addSeries(name: "Open", categories: "=Aging!$B$4:$F$4", values: "=Aging!$B$29:$F$29")
/// try sheet.insert(chart, row: 2, column: 6)
/// ```
public struct Chart: Sendable {
  public enum Kind: Sendable {
    case column, bar, doughnut, line

    var raw: UInt8 {
      switch self {
      case .column: UInt8(LXW_CHART_COLUMN.rawValue)
      case .bar: UInt8(LXW_CHART_BAR.rawValue)
      case .doughnut: UInt8(LXW_CHART_DOUGHNUT.rawValue)
      case .line: UInt8(LXW_CHART_LINE.rawValue)
      }
    }
  }

  public struct Series: Sendable {
    public let name: String
    /// A range formula: `=Sheet!$A$2:$A$7` (quote sheet names with spaces: `='Open Items'!…`).
    public let categories: String
    public let values: String
  }

  public var kind: Kind
  public var title: String
  public var series: [Series] = []
  /// The value axis's number format, such as `$#,##0`.
  public var valueFormat: String?
  /// The category axis's number format, such as `mm-dd` for days.
  public var categoryFormat: String?
  /// Size relative to Excel's default (480 × 288 pixels).
  public var scale: (x: Double, y: Double) = (1, 1)

  public init(kind: Kind, title: String) {
    self.kind = kind
    self.title = title
  }

  public mutating func addSeries(name: String, categories: String, values: String) {
    series.append(Series(name: name, categories: categories, values: values))
  }
}

extension Worksheet {
  /// Creates `chart` in the workbook and places its top-left corner at the cell.
  public func insert(_ chart: Chart, row: Int, column: Int) throws(XLSXError) {
    let b = book, p = pointer
    guard let c = workbook_add_chart(b, chart.kind.raw) else { throw .nullObject }
    chart_title_set_name(c, CellText.clean(chart.title))
    for s in chart.series {
      guard let series = chart_add_series(c, s.categories, s.values) else { throw .nullObject }
      chart_series_set_name(series, s.name)
    }
    if chart.series.count == 1 && chart.kind != .doughnut {
      chart_legend_set_position(c, UInt8(LXW_CHART_LEGEND_NONE.rawValue))
    } else {
      chart_legend_set_position(c, UInt8(LXW_CHART_LEGEND_BOTTOM.rawValue))
    }
    if let f = chart.valueFormat, chart.kind != .doughnut {
      chart_axis_set_num_format(chart.kind == .bar ? c.pointee.x_axis : c.pointee.y_axis, f)
    }
    // A bar chart lists its first category at the bottom; read it top down, like the table.
    if chart.kind == .bar { chart_axis_set_reverse(c.pointee.y_axis) }
    if let f = chart.categoryFormat, chart.kind != .doughnut {
      chart_axis_set_num_format(chart.kind == .bar ? c.pointee.y_axis : c.pointee.x_axis, f)
    }
    var options = lxw_chart_options()
    options.x_scale = chart.scale.x
    options.y_scale = chart.scale.y
    try check { worksheet_insert_chart_opt(p, lxw_row_t(row), lxw_col_t(column), c, &options) }
  }
}
