// ROWS x COLS mesh of stationary PEs (WS and IS). Inputs must already be
// skewed (row r delayed r cycles); the bottom partial sums leave column c
// c cycles after column 0, to be de-skewed by the caller. Lane vectors are
// flat: row r at [r*W +: W], column c at [c*W +: W].
module sa_mesh_stationary #(
  parameter int unsigned ROWS  = 4,
  parameter int unsigned COLS  = 4,
  parameter int unsigned IN_W  = 8,
  parameter int unsigned ACC_W = 32
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  input  logic                  en_i,
  input  logic [ ROWS*IN_W-1:0] a_i,
  input  logic [      ROWS-1:0] bank_i,
  input  logic                  pl_en_i,
  input  logic                  pl_bank_i,
  input  logic [ COLS*IN_W-1:0] w_i,
  output logic [COLS*ACC_W-1:0] psum_o
);

  // Each PE's outputs live in its own generate scope; a PE reads its west
  // and north neighbours' outputs there (or the mesh edge).
  for (genvar r = 0; r < ROWS; r++) begin : gen_row
    for (genvar c = 0; c < COLS; c++) begin : gen_col
      logic signed [ IN_W-1:0] a_west, a_east, w_north, w_south;
      logic                    bank_west, bank_east;
      logic signed [ACC_W-1:0] psum_north, psum_south;

      if (c == 0) begin : gen_west_edge
        assign a_west    = a_i[r*IN_W+:IN_W];
        assign bank_west = bank_i[r];
      end else begin : gen_west_pe
        assign a_west    = gen_row[r].gen_col[c-1].a_east;
        assign bank_west = gen_row[r].gen_col[c-1].bank_east;
      end

      if (r == 0) begin : gen_north_edge
        assign psum_north = '0;
        assign w_north    = w_i[c*IN_W+:IN_W];
      end else begin : gen_north_pe
        assign psum_north = gen_row[r-1].gen_col[c].psum_south;
        assign w_north    = gen_row[r-1].gen_col[c].w_south;
      end

      sa_pe_stationary #(
        .IN_W (IN_W),
        .ACC_W(ACC_W)
      ) i_pe (
        .clk_i,
        .rst_ni,
        .en_i,
        .a_i      (a_west),
        .bank_i   (bank_west),
        .a_o      (a_east),
        .bank_o   (bank_east),
        .psum_i   (psum_north),
        .psum_o   (psum_south),
        .pl_en_i,
        .pl_bank_i,
        .w_i      (w_north),
        .w_o      (w_south)
      );

      if (r == ROWS - 1) begin : gen_south_edge
        assign psum_o[c*ACC_W+:ACC_W] = psum_south;
        logic unused_w_south;
        assign unused_w_south = ^w_south;
      end
      if (c == COLS - 1) begin : gen_east_edge
        logic unused_a_east;
        assign unused_a_east = ^{a_east, bank_east};
      end
    end
  end

endmodule
