#pragma once

#include <string>
#include <vector>

namespace sluice {

std::string toUpper(std::string s);
std::string toLower(std::string s);
bool equalsIgnoreCase(const std::string& a, const std::string& b);
/// Levenshtein distance, case-insensitive.
size_t editDistance(const std::string& a, const std::string& b);
/// The candidate closest to `name` when it is close enough to be a likely typo, else "".
std::string closestMatch(const std::string& name, const std::vector<std::string>& candidates);
/// " Did you mean 'x'?" or "".
std::string didYouMean(const std::string& name, const std::vector<std::string>& candidates);
/// `a` -> "`a`", doubling backticks inside.
std::string quoteIdentifier(const std::string& name);
/// it's -> 'it''s': a SQL string literal.
std::string quoteSqlString(const std::string& value);

}  // namespace sluice
