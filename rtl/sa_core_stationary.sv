// Weight/input-stationary core: handshake control, input skew, mesh and
// output de-skew. The north channel preloads the stationary operand (rows in
// reverse order: the first beat ends up in the lowest used row), the west
// channel streams the other operand, one output beat per west beat.
//
// Double buffering: two banks per PE. A fold may stream once its bank is
// fully loaded; the next preload may fill a bank once no beat of the fold
// that used it is still inside the mesh.
module sa_core_stationary #(
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

  // Cycles from accepting a west beat to presenting its output beat.
  localparam int unsigned LAT = ROWS + COLS - 1;

  logic       adv;  // the pipeline moves this cycle (output not blocked)
  logic       pl_fire, st_fire;
  logic [1:0] loaded_q;  // bank holds a complete tile not yet streamed
  logic       pl_bank_q, st_bank_q;
  logic [1:0] busy;  // a beat of the bank's fold still reads the mesh

  // Beats in flight, one entry per pipeline stage (stage k <-> mesh
  // anti-diagonal k+1; the last stage is the output register).
  logic [LAT-1:0] vp_valid_q, vp_bank_q, vp_last_q;

  assign out_valid_o   = vp_valid_q[LAT-1];
  assign out_last_o    = vp_last_q[LAT-1];
  assign adv           = !out_valid_o || out_ready_i;
  assign north_ready_o = !loaded_q[pl_bank_q] && !busy[pl_bank_q];
  assign west_ready_o  = adv && loaded_q[st_bank_q];
  assign pl_fire       = north_valid_i && north_ready_o;
  assign st_fire       = west_valid_i && west_ready_o;

  always_comb begin
    busy = '0;
    for (int unsigned k = 0; k + 1 < LAT; k++) begin
      if (vp_valid_q[k]) busy[vp_bank_q[k]] = 1'b1;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      loaded_q  <= '0;
      pl_bank_q <= 1'b0;
      st_bank_q <= 1'b0;
    end else begin
      // pl_fire needs !loaded_q[pl_bank_q] and st_fire needs
      // loaded_q[st_bank_q], so the two never write the same bit.
      if (pl_fire && north_last_i) begin
        loaded_q[pl_bank_q] <= 1'b1;
        pl_bank_q           <= ~pl_bank_q;
      end
      if (st_fire && west_last_i) begin
        loaded_q[st_bank_q] <= 1'b0;
        st_bank_q           <= ~st_bank_q;
      end
    end
  end

  // Shift the in-flight record by one stage when the pipeline advances.
  logic [LAT-1:0] vp_valid_d, vp_bank_d, vp_last_d;
  if (LAT == 1) begin : gen_vp_one
    assign vp_valid_d = st_fire;
    assign vp_bank_d  = st_bank_q;
    assign vp_last_d  = st_fire && west_last_i;
  end else begin : gen_vp_many
    assign vp_valid_d = {vp_valid_q[LAT-2:0], st_fire};
    assign vp_bank_d  = {vp_bank_q[LAT-2:0], st_bank_q};
    assign vp_last_d  = {vp_last_q[LAT-2:0], st_fire && west_last_i};
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      vp_valid_q <= '0;
      vp_bank_q  <= '0;
      vp_last_q  <= '0;
    end else if (adv) begin
      vp_valid_q <= vp_valid_d;
      vp_bank_q  <= vp_bank_d;
      vp_last_q  <= vp_last_d;
    end
  end

  // West edge: bubbles enter as zeros; each beat carries its bank.
  localparam int unsigned LW = IN_W + 1;  // lane: {bank, operand}
  logic [ROWS*LW-1:0] west_lane, west_skewed;
  logic [ROWS*IN_W-1:0] mesh_a;
  logic [ROWS-1:0] mesh_bank;
  for (genvar r = 0; r < ROWS; r++) begin : gen_west
    assign west_lane[r*LW+:LW] = {st_bank_q, st_fire ? west_data_i[r*IN_W+:IN_W] : IN_W'(0)};
    assign mesh_bank[r]        = west_skewed[r*LW+IN_W];
    assign mesh_a[r*IN_W+:IN_W] = west_skewed[r*LW+:IN_W];
  end

  sa_skew #(
    .LANES(ROWS),
    .WIDTH(LW)
  ) i_west_skew (
    .clk_i,
    .rst_ni,
    .en_i  (adv),
    .data_i(west_lane),
    .data_o(west_skewed)
  );

  logic [COLS*ACC_W-1:0] mesh_psum;

  sa_mesh_stationary #(
    .ROWS (ROWS),
    .COLS (COLS),
    .IN_W (IN_W),
    .ACC_W(ACC_W)
  ) i_mesh (
    .clk_i,
    .rst_ni,
    .en_i     (adv),
    .a_i      (mesh_a),
    .bank_i   (mesh_bank),
    .pl_en_i  (pl_fire),
    .pl_bank_i(pl_bank_q),
    .w_i      (north_data_i),
    .psum_o   (mesh_psum)
  );

  sa_deskew #(
    .LANES(COLS),
    .WIDTH(ACC_W)
  ) i_deskew (
    .clk_i,
    .rst_ni,
    .en_i  (adv),
    .data_i(mesh_psum),
    .data_o(out_data_o)
  );

endmodule
