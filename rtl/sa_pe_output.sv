// Processing element of the output-stationary mesh (OS).
//
// The west operand (with the fold's first/last flags) flows east, the north
// operand flows south, and the PE accumulates its own output element. On the
// fold's last beat the finished sum is captured into res_q, which is part of
// a north-to-south drain chain; the accumulator is free at once, so the next
// fold computes while this one drains.
module sa_pe_output #(
  parameter int unsigned IN_W  = 8,
  parameter int unsigned ACC_W = 32
) (
  input  logic                    clk_i,
  input  logic                    rst_ni,
  input  logic                    en_i,       // the array advances this cycle
  // west -> east: operand and fold flags
  input  logic signed [ IN_W-1:0] a_i,
  input  logic                    first_i,
  input  logic                    last_i,
  output logic signed [ IN_W-1:0] a_o,
  output logic                    first_o,
  output logic                    last_o,
  // north -> south: operand
  input  logic signed [ IN_W-1:0] b_i,
  output logic signed [ IN_W-1:0] b_o,
  // north -> south: drain chain of finished results
  input  logic                    shift_i,    // take res_i from the PE above
  input  logic signed [ACC_W-1:0] res_i,
  output logic signed [ACC_W-1:0] res_o
);

  logic signed [ACC_W-1:0] acc_q;
  logic signed [ACC_W-1:0] res_q;
  logic signed [2*IN_W-1:0] product;
  logic signed [ACC_W-1:0] sum;

  assign product = a_i * b_i;
  // Two's-complement wrap-around at ACC_W bits (documented contract).
  assign sum = (first_i ? '0 : acc_q) + ACC_W'(product);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      a_o     <= '0;
      first_o <= 1'b0;
      last_o  <= 1'b0;
      b_o     <= '0;
      acc_q   <= '0;
      res_q   <= '0;
    end else if (en_i) begin
      a_o     <= a_i;
      first_o <= first_i;
      last_o  <= last_i;
      b_o     <= b_i;
      // Bubbles carry zero operands and no flags, so they leave acc_q as is.
      acc_q   <= sum;
      if (last_i) res_q <= sum;
      else if (shift_i) res_q <= res_i;
    end
  end
  assign res_o = res_q;

endmodule
