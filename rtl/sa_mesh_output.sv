// ROWS x COLS mesh of output-stationary PEs. Both operand edges must already
// be skewed. Each column drains its finished results bottom row first through
// the res chain; shift_i[r*COLS + c] says whether row r of column c takes the
// result of the row above in this cycle. Lane vectors are flat as in
// sa_mesh_stationary.
module sa_mesh_output #(
  parameter int unsigned ROWS  = 4,
  parameter int unsigned COLS  = 4,
  parameter int unsigned IN_W  = 8,
  parameter int unsigned ACC_W = 32
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  input  logic                  en_i,
  input  logic [ ROWS*IN_W-1:0] a_i,
  input  logic [      ROWS-1:0] first_i,
  input  logic [      ROWS-1:0] last_i,
  input  logic [ COLS*IN_W-1:0] b_i,
  input  logic [ ROWS*COLS-1:0] shift_i,
  output logic [COLS*ACC_W-1:0] res_o
);

  for (genvar r = 0; r < ROWS; r++) begin : gen_row
    for (genvar c = 0; c < COLS; c++) begin : gen_col
      logic signed [ IN_W-1:0] a_west, a_east, b_north, b_south;
      logic first_west, first_east, last_west, last_east;
      logic signed [ACC_W-1:0] res_north, res_south;

      if (c == 0) begin : gen_west_edge
        assign a_west     = a_i[r*IN_W+:IN_W];
        assign first_west = first_i[r];
        assign last_west  = last_i[r];
      end else begin : gen_west_pe
        assign a_west     = gen_row[r].gen_col[c-1].a_east;
        assign first_west = gen_row[r].gen_col[c-1].first_east;
        assign last_west  = gen_row[r].gen_col[c-1].last_east;
      end

      if (r == 0) begin : gen_north_edge
        assign b_north   = b_i[c*IN_W+:IN_W];
        assign res_north = '0;
      end else begin : gen_north_pe
        assign b_north   = gen_row[r-1].gen_col[c].b_south;
        assign res_north = gen_row[r-1].gen_col[c].res_south;
      end

      sa_pe_output #(
        .IN_W (IN_W),
        .ACC_W(ACC_W)
      ) i_pe (
        .clk_i,
        .rst_ni,
        .en_i,
        .a_i    (a_west),
        .first_i(first_west),
        .last_i (last_west),
        .a_o    (a_east),
        .first_o(first_east),
        .last_o (last_east),
        .b_i    (b_north),
        .b_o    (b_south),
        .shift_i(shift_i[r*COLS+c]),
        .res_i  (res_north),
        .res_o  (res_south)
      );

      if (r == ROWS - 1) begin : gen_south_edge
        assign res_o[c*ACC_W+:ACC_W] = res_south;
        logic unused_b_south;
        assign unused_b_south = ^b_south;
      end
      if (c == COLS - 1) begin : gen_east_edge
        logic unused_a_east;
        assign unused_a_east = ^{a_east, first_east, last_east};
      end
    end
  end

endmodule
