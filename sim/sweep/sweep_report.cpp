#include "sweep_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>

#include "sasim/config/architecture.hpp"
#include "sasim/support/atomic_file.hpp"
#include "sasim/support/subprocess.hpp"
#include "sasim/sweep/sweep_eval.hpp"
#include "sweep_constraint.hpp"

namespace sasim {
namespace {

namespace fs = std::filesystem;

// A gnuplot single-quoted string: only ' needs doubling.
std::string gp_string(const std::string& text) {
  std::string out = "'";
  for (const char ch : text) out += ch == '\'' ? std::string("''") : std::string(1, ch);
  return out + "'";
}

std::string gp_label(std::string text) {  // plain text in a title: no enhanced-text markup
  for (char& ch : text) {
    if (ch == '_' || ch == '^' || ch == '{' || ch == '}' || ch == '@' || ch == '&') ch = ' ';
  }
  return text;
}

struct Image {
  std::string name, caption;  // plots/<name>.png and .svg
};

class ReportWriter {
 public:
  ReportWriter(const SweepSpec& spec, const SweepCounts& counts, const std::vector<PointSummary>& points,
               const ParetoResult& pareto, const std::string& out_dir)
      : spec_(spec),
        counts_(counts),
        points_(points),
        pareto_(pareto),
        out_dir_(out_dir),
        plots_dir_((fs::absolute(out_dir) / "plots").string()) {}

  void write() {
    ensure_output_dir(plots_dir_);
    latency_vs_area();
    utilization_heatmap();
    energy_breakdown();
    write_file_atomically(out_dir_, "summary.md", summary());
  }

 private:
  // Runs gnuplot on a script that writes "<name>.png" and "<name>.svg" as
  // temporaries; they are renamed into place only if gnuplot succeeds. The
  // script names files relative to plots/ and gnuplot runs there: the script
  // is the same bytes wherever DIR is, and still works after DIR moves.
  void draw(const std::string& name, const std::string& caption, const std::string& script_body, int width = 960,
            int height = 640) {
    const std::string tmp_png = fmt::format("{}/.{}.png.tmp", plots_dir_, name);
    const std::string tmp_svg = fmt::format("{}/.{}.svg.tmp", plots_dir_, name);
    std::string script = fmt::format("# {} (sasim sweep; rerun with: gnuplot {}.gp)\n", caption, name);
    script += fmt::format("set terminal pngcairo size {},{} font 'sans,10' noenhanced\nset output {}\n{}", width,
                          height, gp_string(fmt::format(".{}.png.tmp", name)), script_body);
    script += fmt::format("set terminal svg size {},{} font 'sans,10' noenhanced\nset output {}\n{}unset output\n",
                          width, height, gp_string(fmt::format(".{}.svg.tmp", name)), script_body);
    write_file_atomically(plots_dir_, name + ".gp", script);
    const std::string log = fmt::format("{}/.{}.gnuplot.log", plots_dir_, name);
    const ChildStatus status =
        run_child({"gnuplot", "-e", "cd " + gp_string(plots_dir_), fmt::format("{}/{}.gp", plots_dir_, name)}, "", log);
    const std::string err = read_text_file(log);
    std::remove(log.c_str());
    if (!status.start_error.empty() || !status.exited || status.code != 0) {
      std::remove(tmp_png.c_str());
      std::remove(tmp_svg.c_str());
      std::string first = err.substr(0, err.find('\n'));
      notes_.push_back(fmt::format("plot {} not drawn: gnuplot {}{}{}; the script is plots/{}.gp", name,
                                   describe(status), first.empty() ? "" : ": ", first, name));
      return;
    }
    std::rename(tmp_png.c_str(), fmt::format("{}/{}.png", plots_dir_, name).c_str());
    std::rename(tmp_svg.c_str(), fmt::format("{}/{}.svg", plots_dir_, name).c_str());
    images_.push_back({name, caption});
  }

  // A data file as the plot scripts name it: relative to plots/ (see draw).
  static std::string data_path(const std::string& name) { return name; }

  // rows x cols of a point's architecture (base plus the point's overrides;
  // it loaded when the point ran, so it loads now).
  double pes(const PointSummary& p) const {
    const Architecture arch = load_architecture(spec_.arch, spec_.overrides(p.point));
    return double(arch.array.rows) * arch.array.cols;
  }

  void latency_vs_area() {
    const bool have_area = std::all_of(points_.begin(), points_.end(),
                                       [](const PointSummary& p) { return !p.feasible || p.area_mm2.has_value(); });
    if (!have_area)
      notes_.push_back("no area model in this build: the latency plot uses PEs (rows x cols) instead of area");
    std::string all, front;
    std::size_t count = 0;
    double x_min = HUGE_VAL, x_max = 0, y_min = HUGE_VAL, y_max = 0;
    for (std::size_t i = 0; i < points_.size(); ++i) {
      const PointSummary& p = points_[i];
      if (!p.feasible) continue;
      const double x = have_area ? *p.area_mm2 : pes(p);
      x_min = std::min(x_min, x);
      x_max = std::max(x_max, x);
      y_min = std::min(y_min, p.time_s);
      y_max = std::max(y_max, p.time_s);
      all += fmt::format("{} {}\n", x, p.time_s);
      ++count;
      if (std::binary_search(pareto_.front.begin(), pareto_.front.end(), i))
        front += fmt::format("{} {}\n", x, p.time_s);
    }
    if (count == 0) {
      notes_.push_back("no feasible point: no latency plot");
      return;
    }
    write_file_atomically(plots_dir_, "latency_area_points.dat", all);
    write_file_atomically(plots_dir_, "latency_area_front.dat", front);
    const std::string xlabel = have_area ? "area (mm2)" : "PEs (rows x cols)";
    std::string body = fmt::format(
        "set title 'Latency against {} ({} feasible points, {} on the Pareto front)'\n"
        "set xlabel '{}'\nset ylabel 'latency, sum over workloads (s)'\n{}{}set grid\n"
        "set key top right\nset format x '%g'\nset format y '%g'\n",
        have_area ? "area" : "PEs", count, pareto_.front.size(), xlabel, log_axis("x", x_min, x_max),
        log_axis("y", y_min, y_max));
    body += fmt::format("plot {} using 1:2 with points pt 7 ps 0.5 lc rgb '#9a9a9a' title 'points'",
                        gp_string(data_path("latency_area_points.dat")));
    if (!front.empty()) {
      body += fmt::format(", {} using 1:2 with points pt 7 ps 1.2 lc rgb '#d62728' title 'Pareto front'",
                          gp_string(data_path("latency_area_front.dat")));
    }
    draw("latency_area", "latency against area, Pareto front in red", body + "\n");
  }

  // A logarithmic axis when the values span more than a factor of 20.
  static std::string log_axis(const char* axis, double lo, double hi) {
    constexpr double kLogRange = 20;
    return lo > 0 && hi / lo > kLogRange ? fmt::format("set logscale {}\n", axis) : "";
  }

  const SweepAxis* axis(const std::string& key) const {
    for (const SweepAxis& a : spec_.axes) {
      if (a.key == key) return &a;
    }
    return nullptr;
  }

  std::size_t axis_index(const std::string& key) const { return std::size_t(axis(key) - spec_.axes.data()); }

  static std::string tics(const SweepAxis& a) {
    std::string text;
    for (std::size_t v = 0; v < a.values.size(); ++v) text += fmt::format("{}'{}' {}", v ? ", " : "", a.values[v], v);
    return "(" + text + ")";
  }

  void utilization_heatmap() {
    const SweepAxis* rows = axis("array.rows");
    const SweepAxis* cols = axis("array.cols");
    if (!rows || !cols) {
      notes_.push_back("utilization heatmap needs array.rows and array.cols among the axes");
      return;
    }
    const SweepAxis* dataflow = axis("array.dataflow");
    const std::size_t panels = dataflow ? dataflow->values.size() : 1;
    const std::size_t ri = axis_index("array.rows"), ci = axis_index("array.cols");
    const std::size_t di = dataflow ? axis_index("array.dataflow") : 0;
    // Best utilization per (dataflow, rows, cols) over the other axes.
    std::vector<double> best(panels * rows->values.size() * cols->values.size(), std::nan(""));
    for (const PointSummary& p : points_) {
      if (!p.feasible) continue;
      const std::vector<std::size_t> pos = spec_.positions(p.point);
      double& cell = best[((dataflow ? pos[di] : 0) * rows->values.size() + pos[ri]) * cols->values.size() + pos[ci]];
      if (std::isnan(cell) || p.utilization > cell) cell = p.utilization;
    }
    const bool labels = rows->values.size() <= 12 && cols->values.size() <= 12;
    std::string body =
        fmt::format("set multiplot layout 1,{} title 'Array utilization (best over the other axes)'\n", panels);
    body += fmt::format(
        "set palette defined (0 '#440154', 0.5 '#21918c', 1 '#fde725')\nset cbrange [0:1]\n"
        "set xlabel 'array.cols'\nset ylabel 'array.rows'\nset xtics {}\nset ytics {}\n"
        "set xrange [-0.5:{}]\nset yrange [-0.5:{}]\nset size ratio -1\n",
        tics(*cols), tics(*rows), double(cols->values.size()) - 0.5, double(rows->values.size()) - 0.5);
    for (std::size_t d = 0; d < panels; ++d) {
      const std::string name = dataflow ? dataflow->values[d] : "base dataflow";
      const std::string file = fmt::format("utilization_{}.dat", dataflow ? dataflow->values[d] : "base");
      std::string data;
      for (std::size_t r = 0; r < rows->values.size(); ++r) {
        for (std::size_t c = 0; c < cols->values.size(); ++c) {
          const double v = best[(d * rows->values.size() + r) * cols->values.size() + c];
          data += std::isnan(v) ? fmt::format("{} {} NaN\n", c, r) : fmt::format("{} {} {}\n", c, r, v);
        }
        data += "\n";
      }
      write_file_atomically(plots_dir_, file, data);
      body += fmt::format("set title {}\nplot {} using 1:2:3 with image notitle", gp_string(gp_label(name)),
                          gp_string(data_path(file)));
      if (labels) body += ", '' using 1:2:($3==$3 ? sprintf('%.2f', $3) : '') with labels tc rgb '#ffffff' notitle";
      body += "\n";
    }
    body += "unset multiplot\n";
    draw("utilization_heatmap", "array utilization over rows x cols, one panel per dataflow", body,
         int(std::min<std::size_t>(panels, 4) * 420), 460);
  }

  // Stacked bars of the front's energy by kind of action; at most
  // kMaxBars points (the lowest-energy ones) so the labels stay legible.
  void energy_breakdown() {
    constexpr std::size_t kMaxBars = 40;
    constexpr double kMicrojoulesPerJoule = 1e6;
    std::vector<std::size_t> front;
    for (const std::size_t i : pareto_.front) {
      if (points_[i].energy_parts) front.push_back(i);
    }
    if (front.empty()) {
      notes_.push_back("no energy breakdown of the Pareto front: no energy model in this build (energy columns empty)");
      return;
    }
    std::string title = fmt::format("Energy of the {} Pareto-front points by kind of action", front.size());
    if (front.size() > kMaxBars) {
      std::stable_sort(front.begin(), front.end(),
                       [&](std::size_t a, std::size_t b) { return *points_[a].energy_j < *points_[b].energy_j; });
      front.resize(kMaxBars);
      std::sort(front.begin(), front.end());
      title = fmt::format("Energy of the {} lowest-energy Pareto-front points by kind of action", kMaxBars);
    }
    bool other = false;
    std::string data = "# point mac sram dram interconnect other (uJ, summed over workloads)\n";
    for (const std::size_t i : front) {
      const EnergyParts& e = *points_[i].energy_parts;
      other = other || e.other > 0;
      const std::vector<std::size_t> pos = spec_.positions(points_[i].point);
      std::string label;
      for (std::size_t a = 0; a < spec_.axes.size(); ++a) label += (a ? "/" : "") + spec_.axes[a].values[pos[a]];
      data += fmt::format("\"{}\" {} {} {} {} {}\n", label.empty() ? "base" : label, e.mac * kMicrojoulesPerJoule,
                          e.sram * kMicrojoulesPerJoule, e.dram * kMicrojoulesPerJoule,
                          e.interconnect * kMicrojoulesPerJoule, e.other * kMicrojoulesPerJoule);
    }
    write_file_atomically(plots_dir_, "energy_front.dat", data);
    std::string axes;
    for (const SweepAxis& a : spec_.axes) axes += (axes.empty() ? "" : "/") + a.key;
    const std::string file = gp_string(data_path("energy_front.dat"));
    std::string body = fmt::format(
        "set title '{}'\nset style data histograms\nset style histogram rowstacked\n"
        "set style fill solid 0.85 border -1\nset boxwidth 0.75\nset key outside right top\n"
        "set ylabel 'energy, sum over workloads (uJ)'\nset xlabel '{}'\nset xtics rotate by -45 scale 0\n"
        "set grid ytics\n"
        "plot {} using 2:xtic(1) title 'MAC' lc rgb '#1f77b4', '' using 3 title 'SRAM' lc rgb '#ff7f0e', "
        "'' using 4 title 'DRAM' lc rgb '#2ca02c', '' using 5 title 'interconnect' lc rgb '#d62728'",
        title, axes.empty() ? "point" : axes, file);
    if (other) body += ", '' using 6 title 'other' lc rgb '#7f7f7f'";
    draw("energy_front", "energy of the Pareto-front points by kind of action", body + "\n");
  }

  static std::string with_unit(double value, const std::string& column) {
    static const std::map<std::string, const char*> kUnits = {
        {"time_s", "s"}, {"energy_j", "J"}, {"area_mm2", "mm2"}, {"dram_bytes", "bytes"}, {"tops", "TOPS"}};
    const auto unit = kUnits.find(column);
    return fmt::format("{:.4g}{}{}", value, unit == kUnits.end() ? "" : " ", unit == kUnits.end() ? "" : unit->second);
  }

  std::string point_text(const PointSummary& p) const {
    const std::vector<std::size_t> pos = spec_.positions(p.point);
    std::string text;
    for (std::size_t a = 0; a < spec_.axes.size(); ++a)
      text += fmt::format("{}`{}={}`", a ? " " : "", spec_.axes[a].key, spec_.axes[a].values[pos[a]]);
    return text.empty() ? "the base architecture" : text;
  }

  std::string summary() const {
    std::size_t feasible = 0;
    std::map<std::string, std::size_t> reasons;
    for (const PointSummary& p : points_) {
      if (p.feasible) ++feasible;
      else ++reasons[p.reason];
    }
    std::string md = fmt::format("# Sweep `{}`\n\n", spec_.path);
    md += fmt::format("- architecture: `{}`, engine: `{}`\n", spec_.arch, spec_.engine);
    md += "- workloads:";
    for (const SweepWorkload& w : spec_.workloads)
      md += fmt::format(" `{}` ({} layers)", w.name, w.parsed.layers.size());
    md += "\n- axes:";
    for (const SweepAxis& a : spec_.axes) md += fmt::format(" `{}` ({} values)", a.key, a.values.size());
    if (spec_.axes.empty()) md += " none";
    md += "\n";
    for (const auto& c : spec_.constraints) md += fmt::format("- constraint: `{}`\n", c->text());
    md += fmt::format("- points: {} of {} in the cross product pass the constraints; {} feasible, {} infeasible\n",
                      counts_.points, counts_.cross_product, feasible, points_.size() - feasible);
    md += "- results: [results.csv](results.csv), one row per point and workload\n\n";

    md += "## Best point per objective\n\n| objective | value | point |\n|---|---|---|\n";
    for (const Objective& o : spec_.objectives) {
      const PointSummary* best = nullptr;
      double best_value = 0;
      for (const PointSummary& p : points_) {
        const auto v = p.feasible ? objective_value(p, o) : std::nullopt;
        if (!v) continue;
        if (!best || (o.maximize ? *v > best_value : *v < best_value)) {
          best = &p;
          best_value = *v;
        }
      }
      md += best ? fmt::format("| {} ({}, {} is better) | {} | {} |\n", o.name, o.column,
                               o.maximize ? "higher" : "lower", with_unit(best_value, o.column), point_text(*best))
                 : fmt::format("| {} ({}) | no values | |\n", o.name, o.column);
    }

    md += fmt::format("\n## Pareto front\n\n{} points are non-dominated over", pareto_.front.size());
    for (const Objective& o : pareto_.used) md += fmt::format(" {}", o.name);
    if (pareto_.used.empty()) md += " no objective";
    md += ": [pareto.csv](pareto.csv).\n";
    for (const Objective& o : pareto_.skipped) {
      md += fmt::format("Objective {} is left out: not every feasible point has a value for {}.\n", o.name, o.column);
    }

    md += "\n## Plots\n\n";
    for (const Image& image : images_) {
      md += fmt::format("![{0}](plots/{1}.png)\n\n{0} ([SVG](plots/{1}.svg), [script](plots/{1}.gp))\n\n",
                        image.caption, image.name);
    }
    if (images_.empty()) md += "None drawn.\n\n";

    if (!reasons.empty()) {
      md += "## Infeasible points\n\n| points | reason |\n|---|---|\n";
      std::vector<std::pair<std::size_t, std::string>> sorted;
      for (const auto& [reason, n] : reasons) sorted.emplace_back(n, reason);
      std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
      for (std::size_t i = 0; i < sorted.size() && i < 10; ++i) {
        std::string reason = sorted[i].second;
        std::replace(reason.begin(), reason.end(), '|', '/');
        md += fmt::format("| {} | {} |\n", sorted[i].first, reason);
      }
      if (sorted.size() > 10) md += fmt::format("\n{} other reasons: see results.csv.\n", sorted.size() - 10);
      md += "\n";
    }
    if (!notes_.empty()) {
      md += "## Notes\n\n";
      for (const std::string& note : notes_) md += "- " + note + "\n";
    }
    return md;
  }

  const SweepSpec& spec_;
  const SweepCounts& counts_;
  const std::vector<PointSummary>& points_;
  const ParetoResult& pareto_;
  std::string out_dir_, plots_dir_;
  std::vector<Image> images_;
  std::vector<std::string> notes_;
};

}  // namespace

void write_sweep_report(const SweepSpec& spec, const SweepCounts& counts, const std::vector<PointSummary>& points,
                        const ParetoResult& pareto, const std::string& out_dir) {
  ReportWriter(spec, counts, points, pareto, out_dir).write();
}

}  // namespace sasim
