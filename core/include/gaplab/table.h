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
#include "gaplab/error.h"

namespace gaplab {

template <typename Row>
struct Column {
  std::string name;
  std::function<std::string(const Row&)> write;
  // Reads one CSV field into `row`; throws Error naming `origin`.
  std::function<void(Row& row, const std::string& field, const std::string& origin)> read;
  // The field with every digit a double holds, where `write` rounds (unset: `write`).
  std::function<std::string(const Row&)> writeExact = {};
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

  // One row's fields, in column order: as the CSV writes them, or with
  // `exact` every number to the last bit (for files that must give back the
  // same row, such as the GUI's sessions).
  std::vector<std::string> fields(const Row& row, bool exact) const {
    std::vector<std::string> out;
    for (const auto& column : columns_)
      out.push_back(exact && column.writeExact ? column.writeExact(row) : column.write(row));
    return out;
  }

  // A row from its fields in column order (as `fields` gives them); throws
  // Error naming `origin` for a field that does not read or a missing one.
  Row fromFields(const std::vector<std::string>& fields, const std::string& origin) const {
    if (fields.size() != columns_.size())
      throw Error(origin + ": " + std::to_string(fields.size()) + " fields, the table has " +
                  std::to_string(columns_.size()));
    Row row{};
    for (std::size_t i = 0; i < columns_.size(); ++i) columns_[i].read(row, fields[i], origin);
    return row;
  }

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
            if constexpr (std::is_unsigned<Integer>::value)
              row.*member = static_cast<Integer>(csvUnsigned(text, origin));
            else
              row.*member = static_cast<Integer>(csvInteger(text, origin));
          }};
}

// A number written with `digits` decimals.
template <typename Row>
Column<Row> numberColumn(std::string name, double Row::*member, int digits) {
  return {std::move(name), [member, digits](const Row& row) { return fixed(row.*member, digits); },
          [member](Row& row, const std::string& text, const std::string& origin) {
            row.*member = csvNumber(text, origin);
          },
          [member](const Row& row) { return exactNumber(row.*member); }};
}

// A number that may be missing: an empty field.
template <typename Row>
Column<Row> optionalNumberColumn(std::string name, std::optional<double> Row::*member, int digits) {
  return {std::move(name),
          [member, digits](const Row& row) { return row.*member ? fixed(*(row.*member), digits) : std::string(); },
          [member](Row& row, const std::string& text, const std::string& origin) {
            if (text.empty()) row.*member = std::nullopt;
            else row.*member = csvNumber(text, origin);
          },
          [member](const Row& row) { return row.*member ? exactNumber(*(row.*member)) : std::string(); }};
}

}  // namespace gaplab
