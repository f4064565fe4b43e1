#include "sasim/sysc/platform.hpp"

#include <fmt/format.h>
#include <stdlib.h>

#include <array>
#include <exception>
#include <memory>

#include "sasim/cost/roofline.hpp"
#include "sasim/mapping/blocking.hpp"
#include "sasim/mapping/mapping.hpp"
#include "sasim/mapping/tile_plan.hpp"
#include "sasim/support/enum_table.hpp"
#include "sasim/support/error.hpp"
#include "sasim/support/progress.hpp"
#include "sasim/sysc/controller.hpp"
#include "sasim/sysc/cycle_clock.hpp"
#include "sasim/sysc/dma_channel.hpp"
#include "sasim/sysc/interconnect.hpp"
#include "sasim/sysc/memory_factory.hpp"
#include "sasim/sysc/platform_array.hpp"
#include "sasim/sysc/sram_buffer.hpp"
#include "sasim/unit/cycle_formula.hpp"

namespace sasim::sysc {

namespace {
constexpr EnumTable<MemoryModel, 2> kMemoryModels{{{MemoryModel::Dram, "dram"}, {MemoryModel::Ideal, "ideal"}}};
}  // namespace

MemoryModel parse_memory_model(const std::string& text) {
  return parse_enum(kMemoryModels, text, "--memory");
}

const char* to_string(MemoryModel model) {
  return enum_name(kMemoryModels, model);
}

namespace {

std::unique_ptr<SramBuffer> operand_buffer(const char* name, std::int64_t kib, const SramConfig& sram) {
  return std::make_unique<SramBuffer>(name, kib * 1024, sram.banks, sram.bank_width_bytes, sram.ports);
}

class Platform : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(Platform);
  Platform(sc_core::sc_module_name name, const PlatformJob& job)
      : sc_module(name),
        job_(job),
        clock_(job.arch.freq_mhz),
        memory_(make_memory("memory", job)),
        interconnect_("interconnect", clock_, job.arch.interconnect, {"load_input", "load_weight", "write_back"}),
        events_("array_events", clock_) {
    const Architecture& arch = job.arch;
    interconnect_.memory.bind(memory_->target_socket());
    // A unified buffer (TPU v1) holds the activations: A here; B has the filter buffer.
    if (arch.sram.unified_kib > 0) {
      input_ = operand_buffer("unified", arch.sram.unified_kib, arch.sram);
    } else {
      input_ = operand_buffer("ifmap", arch.sram.ifmap_kib, arch.sram);
    }
    // filter_kib = 0 with a unified buffer (Gemmini's scratchpad): weights share it.
    if (arch.sram.filter_kib > 0) weight_ = operand_buffer("filter", arch.sram.filter_kib, arch.sram);
    SramBuffer& weight = weight_ ? *weight_ : *input_;
    // The accumulator is as wide as the array: one ACC_W word per column per cycle.
    accumulator_ = std::make_unique<SramBuffer>("accumulator", arch.sram.accumulator_kib * 1024, arch.array.cols,
                                                int(accumulator_bytes(arch.array)), 1);
    const DmaConfig& dma = job.dma;
    using D = DmaChannel::Direction;
    load_input_ = std::make_unique<DmaChannel>("dma_input", clock_, interconnect_, 0, D::Read, *input_, dma.outstanding,
                                               dma.burst_bytes);
    load_weight_ = std::make_unique<DmaChannel>("dma_weight", clock_, interconnect_, 1, D::Read, weight,
                                                dma.outstanding, dma.burst_bytes);
    write_back_ = std::make_unique<DmaChannel>("dma_output", clock_, interconnect_, 2, D::Write, *accumulator_,
                                               dma.outstanding, dma.burst_bytes);
    array_ = make_platform_array(job.unit, "rtl_array", arch.array, clock_, events_, job.quiet);
    LinkTiming link;
    link.memory_bytes_per_cycle = memory_->peak_bytes_per_second() / (arch.freq_mhz * 1e6);
    link.width_bytes = arch.interconnect.width_bytes;
    link.latency_cycles = arch.interconnect.latency_cycles;
    peak_bytes_per_cycle_ = link.memory_bytes_per_cycle;
    controller_ = std::make_unique<Controller>(Controller::Parts{
        &job_.arch, &clock_, array_.get(), {load_input_.get(), load_weight_.get()}, write_back_.get(), link});
    events_.set_listener(controller_.get());
    run_.memory = memory_->describe();
    SC_THREAD(main);
  }

  PlatformRun take_run() {
    if (error_) std::rethrow_exception(error_);
    if (run_.layers.size() != job_.layers.size()) throw std::logic_error("platform stopped before its last layer");
    return std::move(run_);
  }

 private:
  void main() {
    try {
      // A bar on a terminal for long networks (silent off a TTY or quiet).
      ProgressBar bar("simulating layers", std::int64_t(job_.layers.size()), job_.quiet);
      for (std::size_t i = 0; i < job_.layers.size(); ++i) {
        run_.layers.push_back(run_layer(i));
        bar.update(std::int64_t(i + 1));
      }
      bar.finish();
    } catch (...) {
      error_ = std::current_exception();
    }
  }

  PlatformLayerRun run_layer(std::size_t index) {
    const Layer& layer = job_.layers[index];
    const ArrayConfig& config = job_.arch.array;
    const GemmOperands* operands = job_.operands.empty() ? nullptr : &job_.operands[index];
    PlatformLayerRun out;
    LayerResult& r = out.result;
    r = describe_layer(config, layer);
    if (!layer.is_matrix()) {
      // Vector work runs on the vector unit beside the array, one lane per
      // column (docs/workloads.md); its elements come from DRAM and go back
      // unless they stay in a unified buffer (blocking.hpp), as the analytic
      // engine counts them.
      const InterconnectStats before = interconnect_.stats();
      const std::int64_t bytes =
          resident_operands(job_.arch, layer).c ? 0 : layer.vector_elements * operand_bytes(config);
      const LayerOutcome outcome =
          controller_->run_stream_layer(bytes, vector_cycles(layer.vector_elements, config.cols));
      record(r, outcome, before, interconnect_.stats());  // the unit's SRAM accesses are its element count
      return out;
    }
    const LayerPlan plan = plan_layer(job_.arch, layer);
    const std::vector<Fold> folds = layer_folds(config, plan, layer.shape, operands);
    const InterconnectStats before = interconnect_.stats();
    const std::array<SramStats, 2> sram_before{input_->stats(), (weight_ ? *weight_ : *input_).stats()};
    const LayerOutcome outcome = controller_->run_layer(plan, folds);
    const InterconnectStats after = interconnect_.stats();

    std::int64_t stream_beats = 0;
    for (const Fold& f : folds) stream_beats += f.west_beats;
    const double pes = double(config.rows) * config.cols;
    r.folds = std::int64_t(folds.size());
    record(r, outcome, before, after);
    r.mapping_efficiency = double(r.macs) / (double(stream_beats) * pes);
    // scalesim_cycles stays describe_layer's: SCALE-Sim's estimate for the
    // whole GEMM, which it never cuts into SRAM chunks. Energy counts: the
    // SRAM fills as moved here; the array's own buffer reads stay the
    // operand estimate (describe_layer).
    const int width = job_.arch.sram.bank_width_bytes;
    if (weight_) {
      r.actions.ifmap.write_bytes = double((input_->stats().dma_words - sram_before[0].dma_words) * width);
      r.actions.filter.write_bytes = double((weight_->stats().dma_words - sram_before[1].dma_words) * width);
    }
    r.actions.measured = true;
    out.timing = outcome.run.timing;
    out.avail = outcome.avail;
    if (operands) out.output = layer_output(config, plan, layer.shape, outcome.run.outputs);
    return out;
  }

  // The layer's cycles, stall causes, DRAM traffic and roofline verdict from
  // its outcome and the interconnect's counters around it; the energy
  // counts take the DRAM and link bytes moved.
  void record(LayerResult& r, const LayerOutcome& outcome, const InterconnectStats& before,
              const InterconnectStats& after) const {
    set_layer_cycles(job_.arch.array, r, outcome.end - outcome.start);
    r.compute_cycles = outcome.compute_cycles;
    r.stalls = {outcome.stalls[kDramBandwidth], outcome.stalls[kDramLatency], outcome.stalls[kInterconnect],
                outcome.stalls[kSramBankConflict], outcome.stalls[kArrayBusy]};
    r.dram_bytes_read = after.bytes_read - before.bytes_read;
    r.dram_bytes_written = after.bytes_written - before.bytes_written;
    r.memory_bound = roofline_memory_cycles(peak_bytes_per_cycle_, job_.arch.interconnect.width_bytes,
                                            r.dram_bytes_read, r.dram_bytes_written) > double(r.compute_cycles);
    r.actions.dram_read_bytes = double(r.dram_bytes_read);
    r.actions.dram_write_bytes = double(r.dram_bytes_written);
    r.actions.interconnect_bytes = double(r.dram_bytes_read + r.dram_bytes_written);
    r.actions.measured = true;
  }

  PlatformJob job_;
  CycleClock clock_;
  std::unique_ptr<MemoryTarget> memory_;
  Interconnect interconnect_;
  ArrayEventQueue events_;
  std::unique_ptr<SramBuffer> input_, weight_, accumulator_;
  std::unique_ptr<DmaChannel> load_input_, load_weight_, write_back_;
  std::unique_ptr<PlatformArray> array_;
  std::unique_ptr<Controller> controller_;
  double peak_bytes_per_cycle_ = 1;
  PlatformRun run_;
  std::exception_ptr error_;
};

// SystemC builds its design once per kernel; every call gets a new kernel.
void fresh_kernel() {
  static bool used = false;
  setenv("SYSC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
  if (used) {
    sc_core::sc_curr_simcontext = new sc_core::sc_simcontext;
    sc_core::sc_default_global_context = sc_core::sc_curr_simcontext;
  }
  used = true;
}

void check_job(const PlatformJob& job) {
  job.arch.array.validate();
  CycleClock clock(job.arch.freq_mhz);  // checks the frequency
  check_sram(job.arch);
  if (job.arch.dram.bandwidth_limit_gbps > 0) {
    // A cap the DRAM model cannot honour: refuse it rather than ignore it.
    throw UserError(fmt::format(
        "dram.bandwidth_limit_gbps = {} applies to --engine analytic only: the platform simulates the DRAM "
        "preset's own bandwidth; expected 0 here (or narrow interconnect.width_bytes, or fewer dram.channels)",
        job.arch.dram.bandwidth_limit_gbps));
  }
  if (job.dma.outstanding < 1 || job.dma.burst_bytes < 1)
    throw std::logic_error("DmaConfig needs outstanding >= 1 and burst_bytes >= 1");
  if (!job.operands.empty() && job.operands.size() != job.layers.size())
    throw std::logic_error("PlatformJob: operands for some layers only");
  for (std::size_t i = 0; i < job.layers.size(); ++i) {
    const Layer& layer = job.layers[i];
    if (!layer.is_matrix()) continue;
    check_layer_fits(job.arch.array, layer);
    plan_layer(job.arch, layer);  // throws if a tile does not fit its buffer
    if (!job.operands.empty() && layer.repeats != 1) throw std::logic_error("PlatformJob: data for repeated GEMMs");
  }
}

}  // namespace

std::vector<PlatformRun> run_platforms(const std::vector<PlatformJob>& jobs) {
  fresh_kernel();
  for (const PlatformJob& job : jobs) check_job(job);
  std::vector<std::unique_ptr<Platform>> platforms;
  for (std::size_t i = 0; i < jobs.size(); ++i)
    platforms.push_back(std::make_unique<Platform>(fmt::format("platform{}", i).c_str(), jobs[i]));
  sc_core::sc_start();
  std::vector<PlatformRun> runs;
  for (const auto& platform : platforms) runs.push_back(platform->take_run());
  return runs;
}

}  // namespace sasim::sysc
