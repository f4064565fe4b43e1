#include "sasim/run/report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <variant>

#include "sasim/cost/area_model.hpp"
#include "sasim/support/atomic_file.hpp"
#include "sasim/support/error.hpp"

#ifndef SASIM_VERSION
#error "SASIM_VERSION comes from project(VERSION) in CMakeLists.txt via sim/CMakeLists.txt"
#endif

namespace sasim {
namespace {

double pe_count(const ArrayConfig& config) {
  return double(config.rows) * config.cols;
}

std::string describe(const Architecture& arch) {
  const ArrayConfig& a = arch.array;
  return fmt::format("{}: {}x{} {} int{}/acc{} @ {} MHz", arch.name, a.rows, a.cols, to_string(a.dataflow), a.in_width,
                     a.acc_width, arch.freq_mhz);
}

nlohmann::ordered_json key_json(const KeyValue& value) {
  return std::visit([](const auto& v) { return nlohmann::ordered_json(v); }, value);
}

// Every architecture key in the table's order (ordered_json keeps it): the
// [array] keys at the top level beside the name, every other section as an
// object. nlohmann writes doubles as the shortest text that reads back
// exactly, independent of the locale.
nlohmann::ordered_json architecture_json(const Architecture& architecture) {
  nlohmann::ordered_json arch;
  arch["name"] = architecture.name;
  for (const ArchitectureKey& key : architecture_keys()) {
    const std::string name = key.name;
    const std::string section = name.substr(0, name.find('.')), field = name.substr(name.find('.') + 1);
    if (section == "array") {
      arch[field] = key_json(key.get(architecture));
    } else {
      arch[section][field] = key_json(key.get(architecture));
    }
  }
  return arch;
}

}  // namespace

EnergyBreakdown layer_energy(const RunReport& report, const LayerResult& layer) {
  return estimate_energy(make_energy_model(report.arch), layer.actions);
}

RunTotals run_totals(const RunReport& report) {
  RunTotals t;
  for (const LayerResult& layer : report.layers) {
    t.energy = add_energy(t.energy, layer_energy(report, layer));
    t.dram_bytes += layer.actions.dram_read_bytes + layer.actions.dram_write_bytes;
  }
  t.area_mm2 = estimate_area(report.arch).total_mm2;
  for (const LayerResult& layer : report.layers) {
    if (__builtin_add_overflow(t.cycles, layer.cycles, &t.cycles) ||
        __builtin_add_overflow(t.macs, layer.macs, &t.macs)) {
      throw UserError("the workload's total cycles or MACs overflow 64 bits: expected fewer or smaller layers");
    }
    if (layer.kind == LayerKind::Vector) {
      ++t.vector_layers;
      t.vector_cycles += layer.cycles;  // each term is <= cycles, whose sum did not overflow
      if (__builtin_add_overflow(t.vector_elements, layer.vector_elements, &t.vector_elements)) {
        throw UserError("the workload's vector elements overflow 64 bits: expected fewer or smaller layers");
      }
    }
    // Each term is at most the layer's cycles, or the bytes moved in them: no overflow once cycles fit.
    t.compute_cycles += layer.compute_cycles;
    t.stalls.dram_bandwidth += layer.stalls.dram_bandwidth;
    t.stalls.dram_latency += layer.stalls.dram_latency;
    t.stalls.interconnect += layer.stalls.interconnect;
    t.stalls.sram_bank_conflict += layer.stalls.sram_bank_conflict;
    t.stalls.array_busy += layer.stalls.array_busy;
    t.dram_bytes_read += layer.dram_bytes_read;
    t.dram_bytes_written += layer.dram_bytes_written;
  }
  const double hz = report.arch.freq_mhz * 1e6;
  t.utilization = t.cycles > 0 ? double(t.macs) / (double(t.cycles) * pe_count(report.arch.array)) : 0.0;
  t.time_s = double(t.cycles) / hz;
  t.peak_tops = 2.0 * pe_count(report.arch.array) * hz / 1e12;
  t.achieved_tops = t.time_s > 0 ? 2.0 * double(t.macs) / t.time_s / 1e12 : 0.0;
  if (report.batch > 0 && t.time_s > 0) t.inferences_per_s = double(report.batch) / t.time_s;
  return t;
}

std::string format_report(const RunReport& report) {
  constexpr std::size_t kColumns = 15;
  using Row = std::array<std::string, kColumns>;
  std::vector<Row> rows = {{"layer", "shape", "M", "N", "K", "x", "folds", "cycles", "util %", "MACs", "map eff %",
                            "energy uJ", "stall %", "DRAM KiB", "bound"}};
  for (const LayerResult& l : report.layers) {
    const std::string energy = fmt::format("{:.3f}", layer_energy(report, l).total_pj * 1e-6);
    if (l.kind == LayerKind::Vector) {  // vector work: no GEMM, cost from its element count
      rows.push_back({l.name, l.shape_text, "-", "-", "-", "-", "-", fmt::format("{}", l.cycles), "-", "0", "-", energy,
                      "-", "-", "-"});
      continue;
    }
    rows.push_back(
        {l.name, l.shape_text, fmt::format("{}", l.m), fmt::format("{}", l.n), fmt::format("{}", l.k),
         fmt::format("{}", l.repeats), fmt::format("{}", l.folds), fmt::format("{}", l.cycles),
         fmt::format("{:.1f}", 100 * l.utilization), fmt::format("{}", l.macs),
         fmt::format("{:.1f}", 100 * l.mapping_efficiency), energy,
         fmt::format("{:.1f}", 100.0 * double(l.stalls.total()) / double(std::max<std::int64_t>(1, l.cycles))),
         fmt::format("{:.1f}", double(l.dram_bytes_read + l.dram_bytes_written) / 1024.0),
         l.memory_bound ? "memory" : "compute"});
  }
  std::array<std::size_t, kColumns> width{};
  for (const Row& row : rows)
    for (std::size_t c = 0; c < kColumns; ++c) width[c] = std::max(width[c], row[c].size());

  std::string out;
  for (const Row& row : rows) {
    // Names and shapes left, numbers right.
    std::string line = fmt::format("{:<{}}  {:<{}}", row[0], width[0], row[1], width[1]);
    for (std::size_t c = 2; c < kColumns; ++c) line += fmt::format("  {:>{}}", row[c], width[c]);
    out += line + "\n";
  }

  const RunTotals t = run_totals(report);
  out += "\n";
  out += fmt::format("architecture   {}\n", describe(report.arch));
  out += fmt::format("engine         {}\n", to_string(report.engine));
  if (!report.memory.empty()) out += fmt::format("memory         {}\n", report.memory);
  out += fmt::format("total cycles   {}\n", t.cycles);
  out += fmt::format("time           {:.3f} \u00b5s\n", t.time_s * 1e6);
  if (t.inferences_per_s) {
    out += fmt::format("inferences/s   {:.1f} (batch {})\n", *t.inferences_per_s, report.batch);
  } else {
    out += fmt::format("inferences/s   - ({})\n", report.batch > 0 ? "the layers take no time" : report.batch_note);
  }
  out += fmt::format("total MACs     {} (matrix layers)\n", t.macs);
  if (t.vector_layers > 0) {
    out += fmt::format("vector work    {} layers, {} elements, {} cycles\n", t.vector_layers, t.vector_elements,
                       t.vector_cycles);
  }
  out += fmt::format("utilization    {:.2f} %\n", 100 * t.utilization);
  out += fmt::format("peak TOPS      {:.4g}\n", t.peak_tops);
  out += fmt::format("achieved TOPS  {:.4g}\n", t.achieved_tops);
  out += fmt::format("DRAM           {} bytes read, {} bytes written\n", t.dram_bytes_read, t.dram_bytes_written);
  out += fmt::format(
      "stall cycles   {} (dram_bandwidth {}, dram_latency {}, interconnect {}, sram_bank_conflict {}, "
      "array_busy {})\n",
      t.stalls.total(), t.stalls.dram_bandwidth, t.stalls.dram_latency, t.stalls.interconnect,
      t.stalls.sram_bank_conflict, t.stalls.array_busy);
  std::string parts;
  for (const auto& [name, pj] : t.energy.components) {
    if (pj > 0) parts += fmt::format("{}{} {:.1f}%", parts.empty() ? "" : ", ", name, 100 * pj / t.energy.total_pj);
  }
  out += fmt::format("energy         {:.3f} \u00b5J ({})\n", t.energy.total_pj * 1e-6, parts);
  out += fmt::format("area           {:.3f} mm2 at {} nm\n", t.area_mm2, report.arch.tech.node_nm);
  return out;
}

std::string layers_csv(const RunReport& report) {
  // Layer names are letters, digits, '_', '-', '.' (workload.hpp): no quoting needed.
  // Shape texts hold no ',' or '"' (workload readers build them from numbers and plain names).
  std::string out =
      "layer,m,n,k,folds,cycles,macs,utilization,mapping_efficiency,scalesim_cycles,kind,repeats,vector_elements,"
      "shape,energy_pj,compute_cycles,stall_dram_bandwidth,stall_dram_latency,stall_interconnect,"
      "stall_sram_bank_conflict,stall_array_busy,dram_bytes_read,dram_bytes_written,bound\n";
  for (const LayerResult& l : report.layers) {
    out += fmt::format("{},{},{},{},{},{},{},{:.6f},{:.6f},{},{},{},{},{},{:.6e},{},{},{},{},{},{},{},{},{}\n", l.name,
                       l.m, l.n, l.k, l.folds, l.cycles, l.macs, l.utilization, l.mapping_efficiency, l.scalesim_cycles,
                       to_string(l.kind), l.repeats, l.vector_elements, l.shape_text, layer_energy(report, l).total_pj,
                       l.compute_cycles, l.stalls.dram_bandwidth, l.stalls.dram_latency, l.stalls.interconnect,
                       l.stalls.sram_bank_conflict, l.stalls.array_busy, l.dram_bytes_read, l.dram_bytes_written,
                       l.memory_bound ? "memory" : "compute");
  }
  return out;
}

std::string summary_json(const RunReport& report) {
  const RunTotals t = run_totals(report);
  const nlohmann::ordered_json arch = architecture_json(report.arch);
  nlohmann::ordered_json j;
  j["sasim_version"] = SASIM_VERSION;
  j["engine"] = to_string(report.engine);
  j["architecture"] = arch;
  j["workload"] = report.workload_spec;
  j["layers"] = report.layers.size();
  j["total_cycles"] = t.cycles;
  j["total_macs"] = t.macs;
  j["vector_layers"] = t.vector_layers;
  j["vector_cycles"] = t.vector_cycles;
  j["vector_elements"] = t.vector_elements;
  j["utilization"] = t.utilization;
  j["time_s"] = t.time_s;
  j["batch"] = report.batch > 0 ? nlohmann::ordered_json(report.batch) : nlohmann::ordered_json();
  j["inferences_per_s"] = t.inferences_per_s ? nlohmann::ordered_json(*t.inferences_per_s) : nlohmann::ordered_json();
  j["peak_tops"] = t.peak_tops;
  j["achieved_tops"] = t.achieved_tops;
  j["dram_bytes"] = t.dram_bytes;
  j["memory"] = report.memory;
  j["compute_cycles"] = t.compute_cycles;
  j["dram_bytes_read"] = t.dram_bytes_read;
  j["dram_bytes_written"] = t.dram_bytes_written;
  nlohmann::ordered_json stalls;
  stalls["dram_bandwidth"] = t.stalls.dram_bandwidth;
  stalls["dram_latency"] = t.stalls.dram_latency;
  stalls["interconnect"] = t.stalls.interconnect;
  stalls["sram_bank_conflict"] = t.stalls.sram_bank_conflict;
  stalls["array_busy"] = t.stalls.array_busy;
  stalls["total"] = t.stalls.total();
  j["stall_cycles"] = stalls;
  j["total_energy_pj"] = t.energy.total_pj;
  nlohmann::ordered_json energy;
  for (const auto& [name, pj] : t.energy.components) energy[name] = pj;
  j["energy_pj"] = energy;
  const bool measured = !report.layers.empty() && std::all_of(report.layers.begin(), report.layers.end(),
                                                              [](const LayerResult& l) { return l.actions.measured; });
  j["energy_counts"] = measured ? "measured" : "estimated";
  j["area_mm2"] = t.area_mm2;
  // Invalid UTF-8 in a user-given string is replaced rather than thrown on.
  return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

void write_report_files(const std::string& dir, const RunReport& report) {
  // Both texts are built before any file is touched.
  const std::string csv = layers_csv(report), json = summary_json(report);
  ensure_output_dir(dir);
  AtomicFileSet files(dir);
  files.add("layers.csv", csv);
  files.add("summary.json", json);
  files.commit();
}

}  // namespace sasim
