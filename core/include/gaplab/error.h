// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <stdexcept>
#include <string>

namespace gaplab {

// Every failure that a user can cause (bad file, bad parameter) is reported as
// an Error whose message names the file or value at fault.
class Error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// Thrown when a job notices that a stop was requested.
class Cancelled : public Error {
public:
  Cancelled() : Error("cancelled") {}
};

}  // namespace gaplab
