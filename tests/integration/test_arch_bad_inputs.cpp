// The architecture part of the bad-input corpus (tests/bad_inputs/arch/):
// every malformed file gives exit status 2, one line naming the file, the
// line or key and what is expected, and leaves nothing in --out.
#include <gtest/gtest.h>

#include <set>

#include "cli_runner.hpp"

namespace sasim::testing {
namespace {

const fs::path kCorpus = fs::path(SASIM_SOURCE_DIR) / "tests/bad_inputs/arch";

struct Case {
  std::string file, message;
};

void PrintTo(const Case& c, std::ostream* os) {
  *os << c.file;
}

// expected.txt: "file<TAB>part of the error line", '#' comments.
std::vector<Case> corpus() {
  std::vector<Case> cases;
  std::istringstream in(read_text(kCorpus / "expected.txt"));
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    const auto tab = line.find('\t');
    cases.push_back({line.substr(0, tab), tab == std::string::npos ? "" : line.substr(tab + 1)});
  }
  return cases;
}

class ArchBadInput : public CliTest, public ::testing::WithParamInterface<Case> {};

TEST_P(ArchBadInput, OneLineExitTwoNothingWritten) {
  ASSERT_FALSE(GetParam().message.empty()) << "expected.txt line without a message";
  const fs::path file = kCorpus / GetParam().file;
  ASSERT_TRUE(fs::exists(file)) << file;
  const CliOutput r = sasim({"run", "--arch", file.string(), "--workload", "gemm:M=8,N=8,K=8", "--out", "out"});
  expect_one_line_error(r, GetParam().message);
  EXPECT_NE(r.err.find(GetParam().file), std::string::npos) << "the error names the file: " << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "out"));
  // sasim area reads architectures the same way.
  const CliOutput area = sasim({"area", "--arch", file.string(), "--out", "area_out"});
  expect_one_line_error(area, GetParam().message);
  EXPECT_FALSE(fs::exists(dir_ / "area_out"));
}

INSTANTIATE_TEST_SUITE_P(Corpus, ArchBadInput, ::testing::ValuesIn(corpus()),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           std::string name = info.param.file;
                           for (char& ch : name)
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           return name;
                         });

TEST(ArchBadInputCorpus, EveryFileIsListedWithItsMessage) {
  std::set<std::string> listed;
  for (const Case& c : corpus()) EXPECT_TRUE(listed.insert(c.file).second) << c.file << " listed twice";
  std::set<std::string> present;
  for (const auto& entry : fs::directory_iterator(kCorpus))
    if (entry.path().filename() != "expected.txt") present.insert(entry.path().filename().string());
  EXPECT_EQ(listed, present);
  EXPECT_GE(present.size(), 30u);
}

}  // namespace
}  // namespace sasim::testing
