#pragma once

#include <map>
#include <ostream>
#include <string>

#include "cli/registries.h"

namespace sluice::cli {

/// `sluice explain FILE.sql`: runs the script's DDL and SET statements silently and prints the
/// physical DAG (Session::explain) of every INSERT, statement set, query and EXPLAIN; starts no job.
class ExplainCommand {
public:
    ExplainCommand(const Registries& registries, std::map<std::string, std::string> config, std::ostream& out,
                   std::ostream& err)
        : registries_(registries), config_(std::move(config)), out_(out), err_(err) {}

    /// 0 when every statement was explained, 1 on the first error.
    int run(const std::string& path);

private:
    const Registries& registries_;
    std::map<std::string, std::string> config_;
    std::ostream& out_;
    std::ostream& err_;
};

}  // namespace sluice::cli
