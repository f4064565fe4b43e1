// DRAM efficiency and simulation speed (not a test; see docs/dram.md).
//   ninja -C build bench_dram && build/bench/bench_dram [--mib N] [--runs N]
//
// For each preset, through the TLM socket of sasim::sysc::Dram (one channel):
//  - sequential read stream, 4 KiB requests, 4 outstanding (a tile DMA),
//    with the preset's mapping and with one that keeps a row's bursts in one
//    bank group ("ro-ra-bg-ba-co-ch");
//  - random 64-byte reads, 16 outstanding;
//  - the idle latency of one 64-byte read.
// Efficiency = bytes moved / simulated time / peak bandwidth. Host speed =
// bursts simulated per host CPU second (best of --runs runs); simulated results
// are deterministic, so one run gives them.
#include <fmt/format.h>
#include <tlm_utils/simple_initiator_socket.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <systemc>
#include <tlm>

#include "sasim/sysc/dram.hpp"

namespace {

using sasim::sysc::Dram;
using sasim::sysc::DramConfig;

struct Workload {
  const char* name;
  std::uint64_t request_bytes;
  int outstanding;
  bool random;
};

// Initiator threads sharing one request counter: each takes the next
// request when its previous one returns.
class Streamer : public sc_core::sc_module {
 public:
  tlm_utils::simple_initiator_socket<Streamer> socket;
  Streamer(sc_core::sc_module_name name, const Workload& w, std::uint64_t total_bytes, std::uint64_t span)
      : sc_module(name), socket("socket"), w_(w), requests_(total_bytes / w.request_bytes), span_(span) {
    for (int i = 0; i < w.outstanding; ++i) sc_core::sc_spawn([this] { run(); });
  }
  sc_core::sc_time last_done;

 private:
  void run() {
    tlm::tlm_generic_payload p;
    p.set_command(tlm::TLM_READ_COMMAND);
    p.set_data_ptr(nullptr);
    p.set_data_length(static_cast<unsigned>(w_.request_bytes));
    while (next_ < requests_) {
      const std::uint64_t n = next_++;
      std::uint64_t address = n * w_.request_bytes;
      if (w_.random) {
        rng_ = rng_ * 6364136223846793005u + 1442695040888963407u;
        address = (rng_ >> 17) % (span_ / w_.request_bytes) * w_.request_bytes;
      }
      p.set_address(address);
      sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
      socket->b_transport(p, delay);
    }
    last_done = std::max(last_done, sc_core::sc_time_stamp());
  }
  Workload w_;
  std::uint64_t requests_, span_;
  std::uint64_t next_ = 0;
  std::uint64_t rng_ = 0x9e3779b97f4a7c15u;
};

struct Result {
  double efficiency = 0;  // of peak
  double gbps = 0;        // GB/s achieved
  double bursts_per_host_second = 0;
  double row_hit_rate = 0;
};

void fresh_kernel() {
  sc_core::sc_curr_simcontext = new sc_core::sc_simcontext();
  sc_core::sc_default_global_context = sc_core::sc_curr_simcontext;
}

Result run(const DramConfig& config, const Workload& w, std::uint64_t bytes, int runs) {
  Result r;
  double best_seconds = 1e30;
  for (int i = 0; i < runs; ++i) {
    fresh_kernel();
    Dram dram("dram", config);
    Streamer streamer("streamer", w, bytes, std::uint64_t{1} << 32);
    streamer.socket.bind(dram.socket);
    const std::clock_t start = std::clock();  // CPU time: the host cores are shared
    sc_core::sc_start();
    const double host = static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
    best_seconds = std::min(best_seconds, host);
    const auto s = dram.stats();
    const double simulated = streamer.last_done.to_seconds();
    r.gbps = static_cast<double>(s.bytes_read) / simulated / 1e9;
    r.efficiency = static_cast<double>(s.bytes_read) / simulated / dram.peak_bytes_per_second();
    r.bursts_per_host_second = static_cast<double>(s.read_bursts) / best_seconds;
    r.row_hit_rate = static_cast<double>(s.row_hits) / static_cast<double>(s.read_bursts);
  }
  return r;
}

double idle_latency_ns(const DramConfig& config) {
  fresh_kernel();
  Dram dram("dram", config);
  Streamer one("one", Workload{"one", 64, 1, false}, 64, 64);
  one.socket.bind(dram.socket);
  sc_core::sc_start();
  return one.last_done.to_seconds() * 1e9;
}

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t mib = 32;
  int runs = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--mib")) mib = std::strtoull(argv[i + 1], nullptr, 10);
    if (!std::strcmp(argv[i], "--runs")) runs = std::atoi(argv[i + 1]);
  }
  sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
  const std::uint64_t bytes = mib << 20;
  fmt::print("DRAM efficiency, one channel, {} MiB per stream, host speed best of {} runs\n\n", mib, runs);
  fmt::print("{:<12} {:>9} {:>8} | {:>22} | {:>22} | {:>22} | {:>9}\n", "preset", "peak GB/s", "idle ns",
             "seq 4K x4 (default map)", "seq 4K x4 (one bank grp)", "random 64B x16", "Mburst/s");
  fmt::print("{:-<12} {:->9} {:->8} | {:->22} | {:->22} | {:->22} | {:->9}\n", "", "", "", "", "", "", "");
  const Workload sequential{"seq", 4096, 4, false};
  const Workload random{"random", 64, 16, true};
  for (const std::string& name : sasim::sysc::dram_preset_names()) {
    DramConfig config = sasim::sysc::dram_preset(name);
    const Result seq = run(config, sequential, bytes, runs);
    DramConfig one_group = config;
    one_group.address_mapping = "ro-ra-bg-ba-co-ch";
    const Result grp = run(one_group, sequential, bytes, 1);
    const Result rnd = run(config, random, bytes / 8, runs);
    const auto cell = [](const Result& r) {
      return fmt::format("{:5.1f}% {:6.2f} GB/s {:3.0f}%h", 100 * r.efficiency, r.gbps, 100 * r.row_hit_rate);
    };
    fmt::print("{:<12} {:>9.1f} {:>8.1f} | {:>22} | {:>22} | {:>22} | {:>9.2f}\n", name,
               config.peak_bytes_per_second() / 1e9, idle_latency_ns(config), cell(seq), cell(grp), cell(rnd),
               seq.bursts_per_host_second / 1e6);
  }
  fmt::print(
      "\n%h: row-hit rate (bursts whose first command was RD). Mburst/s: sequential stream, bursts per host second.\n");
  return 0;
}
