// sasim systolic matrix unit: ROWS x COLS signed IN_W-bit multipliers with
// ACC_W-bit accumulation, dataflow chosen by DATAFLOW (sa_pkg::DF_*).
//
// Three valid/ready channels, the same for every dataflow:
//   west  : ROWS lanes entering the left edge of the mesh (streamed operand)
//   north : COLS lanes entering the top edge
//           WS/IS: rows of the stationary operand, preloaded (double-buffered)
//           OS   : the second streamed operand, joined beat for beat with west
//   out   : COLS accumulator lanes leaving the bottom edge, de-skewed
// *_last_i marks the last beat of a fold on each channel (for OS both must be
// set on the same joined beat); out_last_o marks the last output beat of one.
// The cycle-level contract is in docs/matrix-unit.md.
module sa_top
  import sa_pkg::*;
#(
  parameter int unsigned ROWS     = 4,
  parameter int unsigned COLS     = 4,
  parameter int unsigned IN_W     = 8,
  parameter int unsigned ACC_W    = 32,
  parameter int unsigned DATAFLOW = DF_WS
) (
  input  logic                    clk_i,
  input  logic                    rst_ni,
  input  logic                    west_valid_i,
  output logic                    west_ready_o,
  input  logic                    west_last_i,
  input  logic signed [ IN_W-1:0] west_data_i [ROWS],
  input  logic                    north_valid_i,
  output logic                    north_ready_o,
  input  logic                    north_last_i,
  input  logic signed [ IN_W-1:0] north_data_i[COLS],
  output logic                    out_valid_o,
  input  logic                    out_ready_i,
  output logic                    out_last_o,
  output logic signed [ACC_W-1:0] out_data_o  [COLS]
);

  // Elaboration-time parameter checks.
  if (ROWS < 1 || ROWS > MAX_DIM) begin : gen_bad_rows
    $error("sa_top: ROWS must be in 1..%0d", MAX_DIM);
  end
  if (COLS < 1 || COLS > MAX_DIM) begin : gen_bad_cols
    $error("sa_top: COLS must be in 1..%0d", MAX_DIM);
  end
  if (IN_W != 8 && IN_W != 16) begin : gen_bad_in_w
    $error("sa_top: IN_W must be 8 or 16");
  end
  if (ACC_W < 2 * IN_W || ACC_W > 64) begin : gen_bad_acc_w
    $error("sa_top: ACC_W must be in 2*IN_W..64");
  end
  if (DATAFLOW != DF_WS && DATAFLOW != DF_OS && DATAFLOW != DF_IS) begin : gen_bad_dataflow
    $error("sa_top: DATAFLOW must be DF_WS, DF_OS or DF_IS");
  end

  // Unpacked ports at the top keep the Verilated model fast (one very wide
  // packed port is slow); the cores take flat vectors, which Yosys can read.
  logic [ROWS*IN_W-1:0] west_flat;
  logic [COLS*IN_W-1:0] north_flat;
  logic [COLS*ACC_W-1:0] out_flat;
  for (genvar r = 0; r < ROWS; r++) begin : gen_west_lane
    assign west_flat[r*IN_W+:IN_W] = west_data_i[r];
  end
  for (genvar c = 0; c < COLS; c++) begin : gen_col_lane
    assign north_flat[c*IN_W+:IN_W] = north_data_i[c];
    assign out_data_o[c]            = out_flat[c*ACC_W+:ACC_W];
  end

  if (DATAFLOW == DF_OS) begin : gen_output_stationary
    sa_core_output #(
      .ROWS (ROWS),
      .COLS (COLS),
      .IN_W (IN_W),
      .ACC_W(ACC_W)
    ) i_core (
      .west_data_i (west_flat),
      .north_data_i(north_flat),
      .out_data_o  (out_flat),
      .*
    );
  end else begin : gen_stationary
    // WS and IS share the hardware: they differ in which GEMM operand the
    // controller preloads (WS: weights B, IS: inputs A transposed).
    sa_core_stationary #(
      .ROWS (ROWS),
      .COLS (COLS),
      .IN_W (IN_W),
      .ACC_W(ACC_W)
    ) i_core (
      .west_data_i (west_flat),
      .north_data_i(north_flat),
      .out_data_o  (out_flat),
      .*
    );
  end

endmodule
