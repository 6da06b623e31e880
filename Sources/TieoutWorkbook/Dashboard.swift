import TieoutCore
import TieoutMatch
import TieoutReports
import XLSXWriter

/// The Dashboard: the month at a glance for a manager — KPI tiles with their definitions and
/// formulas, and native charts over the Aging sheet and a small chart-data table.
extension ReconciliationWorkbook {
  func writeDashboard(_ book: inout Workbook, _ s: Styles, _ aging: AgingReport) throws {
    let r = reconciliation
    let kpis = r.kpis
    let daily = r.dailyCash
    try book.addWorksheet("Dashboard") { sheet in
      sheet.activate()
      try sheet.setColumns(0, 0, width: 34)
      try sheet.setColumns(1, 1, width: 16)
      try sheet.setColumns(2, 2, width: 52)
      try sheet.setColumns(3, 3, width: 60)
      try sheet.setColumns(4, 6, width: 14)
      try sheet.write(string: "\(r.company) — month-end \(r.period.start) to \(r.period.end)", row: 0, column: 0, format: s.title)
      let open = r.match.exceptions.count
      // An input file's failed check (a statement that does not balance, a broken running
      // balance) can make every figure below wrong: it is said first, where a manager looks.
      let failed = r.checks.count
      let checks = failed == 0 ? "" : " \(failed) input file check\(failed == 1 ? "" : "s") failed: see Input file checks on the Summary sheet before relying on these figures."
      try sheet.write(
        string: "As of \(r.asOf). \(open == 0 ? "Reconciled: every line matched." : "\(open) exception\(open == 1 ? "" : "s") to review; the Summary sheet has the detail.")\(checks)",
        row: 1, column: 0, format: failed == 0 ? nil : s.bad)
      try headerRow(&sheet, s, row: 3, [("KPI", 34), ("Value", 16), ("What it means", 52), ("How it is computed", 60)])
      var row = 4
      for k in kpis {
        try sheet.write(string: k.name, row: row, column: 0, format: s.bold)
        if let v = k.value {
          switch k.unit {
          case .money: try sheet.write(number: s.amount(Int64(v)), row: row, column: 1, format: s.moneyBold)
          case .percent: try sheet.write(number: v, row: row, column: 1, format: s.percent)
          case .days: try sheet.write(number: v, row: row, column: 1, format: s.decimal1)
          case .count: try sheet.write(number: v, row: row, column: 1, format: s.integer)
          }
          try sheet.write(string: k.definition, row: row, column: 2)
        } else {
          try sheet.write(string: "—", row: row, column: 1)
          try sheet.write(string: "\(k.definition) Needs: \(k.missing ?? "more data").", row: row, column: 2, format: s.missing)
        }
        try sheet.write(string: k.formula, row: row, column: 3)
        row += 1
      }

      // Chart data, below the charts: match status and daily cash.
      let chartsTop = row + 1
      let dataTop = chartsTop + 48
      var placedRows = 0, exceptionRows = 0
      for g in r.match.groups { placedRows += Int(g.memberCount) }
      for x in r.match.exceptions { exceptionRows += x.members.count }
      try sheet.write(string: "Chart data", row: dataTop, column: 0, format: s.bold)
      let statusTop = dataTop + 1
      let status: [(String, Int)] = [
        ("Matched", placedRows), ("Exceptions", exceptionRows), ("Listed, not matched", r.match.unpaired.count),
      ]
      for (k, (name, n)) in status.enumerated() {
        try sheet.write(string: name, row: statusTop + k, column: 0)
        try sheet.write(number: Double(n), row: statusTop + k, column: 1, format: s.integer)
      }
      let dailyHeader = statusTop + status.count + 1
      for (c, t) in ["Day", "Bank in", "Bank out", "Bank net, cumulative", "GL net, cumulative"].enumerated() {
        try sheet.write(string: t, row: dailyHeader, column: c, format: s.header)
      }
      var bankCum: Int64 = 0, glCum: Int64 = 0
      for (k, d) in daily.enumerated() {
        bankCum += d.bankNet
        glCum += d.ledgerNet
        let rr = dailyHeader + 1 + k
        try sheet.write(number: Double(d.day.excelSerial), row: rr, column: 0, format: s.date)
        try sheet.write(number: s.amount(d.bankIn), row: rr, column: 1, format: s.money)
        try sheet.write(number: s.amount(-d.bankOut), row: rr, column: 2, format: s.money)
        try sheet.write(number: s.amount(bankCum), row: rr, column: 3, format: s.money)
        try sheet.write(number: s.amount(glCum), row: rr, column: 4, format: s.money)
      }

      // Charts (Excel rows are 1-based in the ranges).
      let money = "\(s.symbol)#,##0"
      if aging.hasInvoices && !aging.customers.isEmpty {
        let n = aging.labels.count
        let col = Self.col
        // Excel rows of the Aging sheet: its header, first customer and totals.
        let header = Self.agingHeaderRow + 1, firstCustomer = header + 1, totalRow = Self.agingTotalRow(aging) + 1
        var byAge = Chart(kind: .column, title: "Open AR by age")
        byAge.addSeries(
          name: "Open", categories: "=Aging!$B$\(header):$\(col(n))$\(header)", values: "=Aging!$B$\(totalRow):$\(col(n))$\(totalRow)")
        byAge.valueFormat = money
        try sheet.insert(byAge, row: chartsTop, column: 0)
        let top = min(10, aging.customers.count)
        var customers = Chart(kind: .bar, title: "Top \(top) customers by balance")
        let lastTop = firstCustomer + top - 1
        customers.addSeries(
          name: "Balance", categories: "=Aging!$A$\(firstCustomer):$A$\(lastTop)",
          values: "=Aging!$\(col(n + 1))$\(firstCustomer):$\(col(n + 1))$\(lastTop)")
        customers.valueFormat = money
        try sheet.insert(customers, row: chartsTop, column: 3)
      }
      var matchStatus = Chart(kind: .doughnut, title: "Rows by match status")
      matchStatus.addSeries(name: "Rows", categories: "=Dashboard!$A$\(statusTop + 1):$A$\(statusTop + status.count)", values: "=Dashboard!$B$\(statusTop + 1):$B$\(statusTop + status.count)")
      try sheet.insert(matchStatus, row: chartsTop + 16, column: 0)
      // The daily table's charts: days down column A, one series per named column.
      let first = dailyHeader + 2, last = dailyHeader + 1 + daily.count
      func dailyChart(_ kind: Chart.Kind, _ title: String, _ series: [(String, String)]) -> Chart {
        var chart = Chart(kind: kind, title: title)
        for (name, c) in series {
          chart.addSeries(name: name, categories: "=Dashboard!$A$\(first):$A$\(last)", values: "=Dashboard!$\(c)$\(first):$\(c)$\(last)")
        }
        chart.valueFormat = money
        chart.categoryFormat = "mm-dd"
        return chart
      }
      try sheet.insert(dailyChart(.column, "Daily cash in and out (bank)", [("In", "B"), ("Out", "C")]), row: chartsTop + 16, column: 3)
      try sheet.insert(
        dailyChart(.line, "Bank vs GL: cumulative net movement", [("Bank", "D"), ("GL", "E")]), row: chartsTop + 32, column: 0)
      // One page: the tiles and the charts, not the chart data.
      try sheet.setPrintArea(firstRow: 0, firstColumn: 0, lastRow: dataTop - 1, lastColumn: 3)
      try sheet.setPrintLayout(
        landscape: true, fitToWidth: true, header: pageHeader("Dashboard \(r.period.start) to \(r.period.end)"),
        footer: pageFooter)
    }
  }
}
