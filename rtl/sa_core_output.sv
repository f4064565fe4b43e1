// Output-stationary core: the west (A rows) and north (B columns) channels
// advance together, one joined beat per reduction step; every fold leaves
// ROWS output beats, bottom mesh row first.
//
// The accumulators are free as soon as a fold's last beat has passed, but the
// drain chain of column c shifts row r during the first r cycles of that
// column's drain. Holding a fold's last beat until ROWS cycles after the
// previous fold's last beat keeps every capture out of those windows.
module sa_core_output #(
  parameter int unsigned ROWS  = 4,
  parameter int unsigned COLS  = 4,
  parameter int unsigned IN_W  = 8,
  parameter int unsigned ACC_W = 32
) (
  input  logic                    clk_i,
  input  logic                    rst_ni,
  input  logic                    west_valid_i,
  output logic                    west_ready_o,
  input  logic                    west_last_i,
  input  logic [ ROWS*IN_W-1:0]   west_data_i,   // lane r at [r*IN_W +: IN_W]
  input  logic                    north_valid_i,
  output logic                    north_ready_o,
  input  logic                    north_last_i,
  input  logic [ COLS*IN_W-1:0]   north_data_i,  // lane c at [c*IN_W +: IN_W]
  output logic                    out_valid_o,
  input  logic                    out_ready_i,
  output logic                    out_last_o,
  output logic [COLS*ACC_W-1:0]   out_data_o     // lane c at [c*ACC_W +: ACC_W]
);

  localparam int unsigned DW = $clog2(ROWS + 1);  // holds 0..ROWS

  logic          adv, is_last, hold, fire;
  logic          in_fold_q;  // a fold has started and its last beat not yet come
  logic [DW-1:0] gap_q;  // cycles until a fold's last beat may enter

  assign adv           = !out_valid_o || out_ready_i;
  assign is_last       = west_last_i && north_last_i;
  assign hold          = is_last && (gap_q != '0);
  assign west_ready_o  = adv && north_valid_i && !hold;
  assign north_ready_o = adv && west_valid_i && !hold;
  assign fire          = west_valid_i && west_ready_o;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      gap_q     <= '0;
      in_fold_q <= 1'b0;
    end else if (adv) begin
      if (fire && is_last) gap_q <= DW'(ROWS - 1);
      else if (gap_q != '0) gap_q <= gap_q - 1'b1;
      if (fire) in_fold_q <= !is_last;
    end
  end

  // Both edges: bubbles enter as zeros; the flags travel with the west operand.
  localparam int unsigned LW = IN_W + 2;  // west lane: {first, last, operand}
  logic [ROWS*LW-1:0] west_lane, west_skewed;
  logic [COLS*IN_W-1:0] north_lane, mesh_b;
  logic [ROWS*IN_W-1:0] mesh_a;
  logic [ROWS-1:0] mesh_first, mesh_last;

  for (genvar r = 0; r < ROWS; r++) begin : gen_west
    assign west_lane[r*LW+:LW] = {
      fire && !in_fold_q, fire && is_last, fire ? west_data_i[r*IN_W+:IN_W] : IN_W'(0)
    };
    assign mesh_first[r]        = west_skewed[r*LW+IN_W+1];
    assign mesh_last[r]         = west_skewed[r*LW+IN_W];
    assign mesh_a[r*IN_W+:IN_W] = west_skewed[r*LW+:IN_W];
  end
  assign north_lane = fire ? north_data_i : '0;

  sa_skew #(
    .LANES(ROWS),
    .WIDTH(IN_W + 2)
  ) i_west_skew (
    .clk_i,
    .rst_ni,
    .en_i  (adv),
    .data_i(west_lane),
    .data_o(west_skewed)
  );

  sa_skew #(
    .LANES(COLS),
    .WIDTH(IN_W)
  ) i_north_skew (
    .clk_i,
    .rst_ni,
    .en_i  (adv),
    .data_i(north_lane),
    .data_o(mesh_b)
  );

  // Drain sequencer per column: column c starts draining the cycle after the
  // last flag passed its bottom PE (ROWS + c cycles after the last beat
  // entered) and emits one result per cycle for ROWS cycles; during drain
  // cycle d, rows below d take the result from above.
  logic [COLS-1:0] done;

  sa_delay #(
    .DEPTH(ROWS),
    .WIDTH(1)
  ) i_done_first (
    .clk_i,
    .rst_ni,
    .en_i  (adv),
    .data_i(fire && is_last),
    .data_o(done[0])
  );
  for (genvar c = 1; c < COLS; c++) begin : gen_done
    sa_delay #(
      .DEPTH(1),
      .WIDTH(1)
    ) i_done_next (
      .clk_i,
      .rst_ni,
      .en_i  (adv),
      .data_i(done[c-1]),
      .data_o(done[c])
    );
  end

  logic [COLS-1:0] drain_now;
  logic [DW-1:0] drain_idx[COLS];
  logic [ROWS*COLS-1:0] shift;  // row r, column c at bit r*COLS + c

  for (genvar c = 0; c < COLS; c++) begin : gen_drain
    logic active_q;
    logic [DW-1:0] idx_q;
    assign drain_now[c] = done[c] || active_q;
    assign drain_idx[c] = done[c] ? '0 : idx_q;
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        active_q <= 1'b0;
        idx_q    <= '0;
      end else if (adv) begin
        if (drain_now[c]) begin
          active_q <= (drain_idx[c] != DW'(ROWS - 1));
          idx_q    <= drain_idx[c] + 1'b1;
        end
      end
    end
    assign shift[c] = 1'b0;  // the top row has nothing above it
    for (genvar r = 1; r < ROWS; r++) begin : gen_shift
      assign shift[r*COLS+c] = drain_now[c] && (drain_idx[c] < DW'(r));
    end
  end

  logic [COLS*ACC_W-1:0] mesh_res;

  sa_mesh_output #(
    .ROWS (ROWS),
    .COLS (COLS),
    .IN_W (IN_W),
    .ACC_W(ACC_W)
  ) i_mesh (
    .clk_i,
    .rst_ni,
    .en_i   (adv),
    .a_i    (mesh_a),
    .first_i(mesh_first),
    .last_i (mesh_last),
    .b_i    (mesh_b),
    .shift_i(shift),
    .res_o  (mesh_res)
  );

  assign out_valid_o = drain_now[COLS-1];
  assign out_last_o  = drain_now[COLS-1] && (drain_idx[COLS-1] == DW'(ROWS - 1));

  sa_deskew #(
    .LANES(COLS),
    .WIDTH(ACC_W)
  ) i_deskew (
    .clk_i,
    .rst_ni,
    .en_i  (adv),
    .data_i(mesh_res),
    .data_o(out_data_o)
  );

endmodule
