// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A result table declared once per row type, one column at a time (its name,
// how a row writes it, how a field reads back into a row): the header, the
// CSV writer and the parser all come from that one declaration, so they
// cannot drift apart.
#include <cstdint>
#include <functional>
#include <optional>
#include <sstream>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "gaplab/csv.h"

namespace gaplab {

template <typename Row>
struct Column {
  std::string name;
  std::function<std::string(const Row&)> write;
  // Reads one CSV field into `row`; throws Error naming `origin`.
  std::function<void(Row& row, const std::string& field, const std::string& origin)> read;
};

template <typename Row>
class Table {
public:
  explicit Table(std::vector<Column<Row>> columns) : columns_(std::move(columns)) {}

  const std::vector<Column<Row>>& columns() const { return columns_; }

  // The column names, comma-separated (no line end).
  std::string header() const {
    std::string text;
    for (const auto& column : columns_) text += (text.empty() ? "" : ",") + column.name;
    return text;
  }

  // One line per row, each ending in '\n', without the header.
  std::string rows(const std::vector<Row>& rows) const {
    std::ostringstream out;
    for (const auto& row : rows) {
      for (std::size_t i = 0; i < columns_.size(); ++i) out << (i ? "," : "") << columns_[i].write(row);
      out << '\n';
    }
    return out.str();
  }

  // The header line and the rows.
  std::string csv(const std::vector<Row>& rows) const { return header() + "\n" + this->rows(rows); }

  // The rows of a CSV this table wrote; throws Error naming `origin` and the line at fault.
  std::vector<Row> parse(const std::string& csv, const std::string& origin) const {
    std::vector<Row> rows;
    for (const auto& fields : csvRows(csv, header(), origin)) {
      Row row{};
      for (std::size_t i = 0; i < columns_.size(); ++i) columns_[i].read(row, fields[i], origin);
      rows.push_back(std::move(row));
    }
    return rows;
  }

private:
  std::vector<Column<Row>> columns_;
};

// Columns for plain members of a row.
template <typename Row>
Column<Row> textColumn(std::string name, std::string Row::*member) {
  return {std::move(name), [member](const Row& row) { return field(row.*member); },
          [member](Row& row, const std::string& text, const std::string&) { row.*member = text; }};
}

template <typename Row, typename Integer>
Column<Row> integerColumn(std::string name, Integer Row::*member) {
  static_assert(std::is_integral<Integer>::value, "integerColumn takes a whole-number member");
  return {std::move(name), [member](const Row& row) { return std::to_string(row.*member); },
          [member](Row& row, const std::string& text, const std::string& origin) {
            row.*member = static_cast<Integer>(csvInteger(text, origin));
          }};
}

// A number written with `digits` decimals.
template <typename Row>
Column<Row> numberColumn(std::string name, double Row::*member, int digits) {
  return {std::move(name), [member, digits](const Row& row) { return fixed(row.*member, digits); },
          [member](Row& row, const std::string& text, const std::string& origin) {
            row.*member = csvNumber(text, origin);
          }};
}

// A number that may be missing: an empty field.
template <typename Row>
Column<Row> optionalNumberColumn(std::string name, std::optional<double> Row::*member, int digits) {
  return {std::move(name),
          [member, digits](const Row& row) { return row.*member ? fixed(*(row.*member), digits) : std::string(); },
          [member](Row& row, const std::string& text, const std::string& origin) {
            if (text.empty()) row.*member = std::nullopt;
            else row.*member = csvNumber(text, origin);
          }};
}

}  // namespace gaplab
