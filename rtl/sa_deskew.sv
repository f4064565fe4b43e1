// Output de-skew: lane l is delayed by LANES-1-l cycles so that the results
// of one wave, which leave the mesh one lane per cycle, come out together.
// Lanes are packed as in sa_skew.
module sa_deskew #(
  parameter int unsigned LANES = 4,
  parameter int unsigned WIDTH = 32
) (
  input  logic                   clk_i,
  input  logic                   rst_ni,
  input  logic                   en_i,
  input  logic [LANES*WIDTH-1:0] data_i,
  output logic [LANES*WIDTH-1:0] data_o
);

  for (genvar l = 0; l < LANES; l++) begin : gen_lane
    sa_delay #(
      .DEPTH(LANES - 1 - l),
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
