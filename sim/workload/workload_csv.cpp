// SCALE-Sim v2 topology CSVs, read the way SCALE-Sim reads them
// (scalesim/topology_utils.py): a header line, then one layer per line with
// a trailing comma; convs have no padding and output = ceil((in - filter +
// stride) / stride), which is one more row than floor((in - filter) / stride)
// + 1 when the stride does not divide in - filter: that row is read here as
// padding at the end, so the MAC count is SCALE-Sim's exactly. A layer whose
// name contains "DP" is depthwise (one filter set per channel). sasim is more lenient where that loses nothing: the
// trailing comma is optional, blank lines and text after the last column starting with '#' are skipped. Anything else
// is an error naming the line and column.
#include <fmt/format.h>

#include <map>

#include "sasim/support/error.hpp"
#include "sasim/support/input_file.hpp"
#include "sasim/workload/workload_conv.hpp"
#include "sasim/workload/workload_text.hpp"
#include "workload_readers.hpp"

namespace sasim {
namespace {

constexpr const char* kConvHeader =
    "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,";
constexpr const char* kGemmHeader = "Layer, M, N, K,";

// Column names as SCALE-Sim's headers spell them, after the layer name.
const std::vector<std::string> kConvColumns = {"IFMAP Height", "IFMAP Width", "Filter Height", "Filter Width",
                                               "Channels",     "Num Filter",  "Strides"};
const std::vector<std::string> kGemmColumns = {"M", "N", "K"};

class TopologyReader {
 public:
  explicit TopologyReader(std::string path) : path_(std::move(path)) {}

  std::vector<Layer> read() {
    const std::string text = read_user_file(path_, "topology", "a SCALE-Sim topology CSV");
    if (text.find('\0') != std::string::npos) fail_file("contains NUL bytes: expected a text CSV");
    std::vector<std::string> lines = split(text, '\n');
    std::size_t header = 0;
    while (header < lines.size() && trim(lines[header]).empty()) ++header;
    if (header == lines.size()) {
      fail_file(fmt::format("empty file: expected the header '{}' or '{}'", kConvHeader, kGemmHeader));
    }
    line_ = header + 1;
    const std::vector<std::string> head = split(lines[header], ',');
    const std::string second = head.size() > 1 ? lower(trim(head[1])) : "";
    // SCALE-Sim's sparsity topologies add a "Sparsity" column (N:M) after Strides.
    for (std::size_t c = 0; c < head.size(); ++c)
      if (lower(trim(head[c])) == "sparsity") sparsity_column_ = c;
    if (second == "m") {
      gemm_ = true;
    } else if (second.find("ifmap") == std::string::npos) {
      fail(fmt::format("{}: expected the header '{}' or '{}'", quoted(trim(lines[header])), kConvHeader, kGemmHeader));
    }
    std::vector<Layer> layers;
    for (std::size_t i = header + 1; i < lines.size(); ++i) {
      line_ = i + 1;
      const std::string line = trim(lines[i]);
      if (line.empty() || line[0] == '#') continue;
      layers.push_back(layer(split(line, ','), layers.size()));
    }
    if (layers.empty()) fail_file("no layers after the header: expected one layer per line");
    return layers;
  }

 private:
  Layer layer(std::vector<std::string> fields, std::size_t index) {
    for (std::string& f : fields) f = trim(f);
    const std::vector<std::string>& columns = gemm_ ? kGemmColumns : kConvColumns;
    if (fields.size() < columns.size() + 1) {
      fail(fmt::format("{} columns, missing '{}': expected {}", fields.size(), columns[fields.size() - 1],
                       gemm_ ? kGemmHeader : kConvHeader));
    }
    std::vector<std::int64_t> v;
    for (std::size_t c = 0; c < columns.size(); ++c) v.push_back(number(fields[c + 1], columns[c]));
    std::size_t next = columns.size() + 1;
    std::int64_t stride_w = gemm_ ? 1 : v[6];
    if (!gemm_ && next < fields.size() && next != sparsity_column_ && !fields[next].empty() && fields[next][0] != '#') {
      stride_w = number(fields[next], "Stride width");  // SCALE-Sim's optional ninth column
      ++next;
    }
    if (next == sparsity_column_ && next < fields.size()) {
      check_sparsity(fields[next]);
      ++next;
    }
    for (; next < fields.size(); ++next) {
      if (!fields[next].empty() && fields[next][0] != '#') {
        fail(fmt::format("unexpected column {} = {}: expected at most {} columns (a trailing '#' comment is allowed)",
                         next + 1, quoted(fields[next]), gemm_ ? 4 : 9));
      }
    }
    const std::string name = unique(plain_name(fields[0], fmt::format("layer{}", index)));
    const std::string where = fmt::format("topology {} line {}", quoted(path_), line_);
    if (gemm_) {
      Layer layer;
      layer.name = name;
      layer.kind = LayerKind::Gemm;
      layer.op = "gemm";
      layer.shape = GemmShape{v[0], v[1], v[2]};
      layer.shape_text = fmt::format("gemm {}x{} * {}x{}", v[0], v[2], v[2], v[1]);
      return layer;
    }
    ConvGeometry g;
    g.in_size = {v[0], v[1]};
    g.kernel = {v[2], v[3]};
    g.in_channels = v[4];
    g.out_channels = v[5];
    g.strides = {v[6], stride_w};
    for (int d = 0; d < 2; ++d) {
      if (g.kernel[d] > g.in_size[d]) {
        fail(fmt::format("'{}' = {} is larger than '{}' = {}: expected a filter that fits the IFMAP",
                         kConvColumns[2 + d], g.kernel[d], kConvColumns[d], g.in_size[d]));
      }
    }
    // SCALE-Sim's ceil: pad the end by what the last stride overhangs.
    g.pads_begin = {0, 0};
    g.pads_end = {(g.strides[0] - (g.in_size[0] - g.kernel[0]) % g.strides[0]) % g.strides[0],
                  (g.strides[1] - (g.in_size[1] - g.kernel[1]) % g.strides[1]) % g.strides[1]};
    if (fields[0].find("DP") != std::string::npos) {  // SCALE-Sim's depthwise marker
      g.groups = g.in_channels;
      if (!checked_mul(g.out_channels, g.in_channels, g.out_channels) || g.out_channels > kMaxGemmDim) {
        fail("Channels x Num Filter of a depthwise (DP) layer exceeds 2^31-1");
      }
    }
    return lower_conv(name, std::move(g), where);
  }

  // "N:M" structured sparsity, read and checked but not modeled: MACs stay
  // dense (docs/workloads.md). Empty means dense.
  void check_sparsity(const std::string& text) const {
    const auto colon = text.find(':');
    std::int64_t n = 0, m = 0;
    if (text.empty()) return;
    if (colon == std::string::npos || !parse_int64(text.substr(0, colon), n) ||
        !parse_int64(text.substr(colon + 1), m) || n < 1 || m < n) {
      fail(fmt::format("'Sparsity' = {}: expected N:M with 1 <= N <= M (e.g. 2:4)", quoted(text)));
    }
  }

  std::int64_t number(const std::string& text, const std::string& column) const {
    if (text.empty()) fail(fmt::format("'{}' is empty: expected an integer in 1..{}", column, kMaxGemmDim));
    const std::optional<std::int64_t> value = parse_int_in_range(text, 1, kMaxGemmDim);
    if (!value) fail(fmt::format("'{}' = {}: expected an integer in 1..{}", column, quoted(text), kMaxGemmDim));
    return *value;
  }

  // Layer names as given, made plain; a repeated name gets _2, _3, ...
  std::string unique(const std::string& name) {
    std::string out = name;
    for (int n = 2; used_.count(out); ++n) out = fmt::format("{}_{}", name.substr(0, kMaxNameLength - 8), n);
    used_[out] = true;
    return out;
  }

  [[noreturn]] void fail(const std::string& what) const {
    throw UserError(fmt::format("topology {} line {}: {}", quoted(path_), line_, what));
  }
  [[noreturn]] void fail_file(const std::string& what) const {
    throw UserError(fmt::format("topology {}: {}", quoted(path_), what));
  }

  std::string path_;
  std::size_t line_ = 0;
  bool gemm_ = false;
  std::size_t sparsity_column_ = std::string::npos;  // field index of a "Sparsity" header column
  std::map<std::string, bool> used_;
};

}  // namespace

std::vector<Layer> read_topology_csv(const std::string& path) {
  return TopologyReader(path).read();
}

}  // namespace sasim
