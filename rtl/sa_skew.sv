// Input skew: lane l is delayed by l cycles so that element l of a vector
// reaches mesh row (or column) l exactly when the systolic wave does.
// Lanes are packed into one flat vector, lane l at bits [l*WIDTH +: WIDTH]
// (flat ports keep the module readable by Yosys 0.23).
module sa_skew #(
  parameter int unsigned LANES = 4,
  parameter int unsigned WIDTH = 8
) (
  input  logic                   clk_i,
  input  logic                   rst_ni,
  input  logic                   en_i,
  input  logic [LANES*WIDTH-1:0] data_i,
  output logic [LANES*WIDTH-1:0] data_o
);

  for (genvar l = 0; l < LANES; l++) begin : gen_lane
    sa_delay #(
      .DEPTH(l),
      .WIDTH(WIDTH)
    ) i_delay (
      .clk_i,
      .rst_ni,
      .en_i,
      .data_i(data_i[l*WIDTH+:WIDTH]),
      .data_o(data_o[l*WIDTH+:WIDTH])
    );
  end

endmodule
