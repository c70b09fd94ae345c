#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/record_batch.h"

namespace sluice::cli {

/// Flink's tableau layout (flink-table-common .../utils/print/TableauStyle.java): `+---+` borders,
/// right-aligned cells padded to a column width, cells wider than the column cut to width - 3 and
/// ended with "...". Widths count East Asian wide characters twice, as Flink does.
class TableauStyle {
public:
    static constexpr const char* kRowKindColumn = "op";
    static constexpr const char* kNullValue = "<NULL>";
    static constexpr int kDefaultMaxColumnWidth = 30;

    TableauStyle(std::vector<std::string> columnNames, std::vector<int> columnWidths);

    /// Widths from the column types (streaming queries: rows are printed as they arrive).
    static std::vector<int> columnWidthsByType(const Schema& schema, int maxColumnWidth,
                                               bool printNullAsEmpty, bool printRowKind);
    /// Widths from the names and the cells, each at most `maxColumnWidth` (batch results, SHOW, DESCRIBE).
    static std::vector<int> columnWidthsByContent(const std::vector<std::string>& names,
                                                  const std::vector<std::vector<std::string>>& rows,
                                                  int maxColumnWidth);
    /// Java String.length() plus one per full-width code point.
    static int displayWidth(std::string_view text);

    /// "+----+-----+"
    std::string borderLine() const;
    /// "| op |  id |" for the header.
    std::string headerRow() const { return row(columnNames_); }
    /// "| +I |   1 |"
    std::string row(const std::vector<std::string>& cells) const;

private:
    std::vector<std::string> columnNames_;
    std::vector<int> columnWidths_;
};

}  // namespace sluice::cli
