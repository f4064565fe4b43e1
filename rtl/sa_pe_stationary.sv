// Processing element of the weight/input-stationary mesh (WS and IS).
//
// The stationary operand sits in one of two banks. A streamed operand enters
// from the west together with the number of the bank it must be multiplied
// with, so the next fold's operand can be preloaded into the other bank while
// this fold is still streaming through (double buffering). Partial sums flow
// north to south; the preload shift chain also runs north to south.
module sa_pe_stationary #(
  parameter int unsigned IN_W  = 8,
  parameter int unsigned ACC_W = 32
) (
  input  logic                    clk_i,
  input  logic                    rst_ni,
  input  logic                    en_i,       // the array advances this cycle
  // west -> east: streamed operand and the bank it uses
  input  logic signed [ IN_W-1:0] a_i,
  input  logic                    bank_i,
  output logic signed [ IN_W-1:0] a_o,
  output logic                    bank_o,
  // north -> south: partial sums
  input  logic signed [ACC_W-1:0] psum_i,
  output logic signed [ACC_W-1:0] psum_o,
  // north -> south: preload shift chain of the stationary operand
  input  logic                    pl_en_i,    // shift the chain of bank pl_bank_i
  input  logic                    pl_bank_i,
  input  logic signed [ IN_W-1:0] w_i,
  output logic signed [ IN_W-1:0] w_o
);

  logic signed [IN_W-1:0] w_q[2];
  logic signed [2*IN_W-1:0] product;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      w_q[0] <= '0;
      w_q[1] <= '0;
    end else if (pl_en_i) begin
      w_q[pl_bank_i] <= w_i;
    end
  end
  assign w_o = w_q[pl_bank_i];

  assign product = a_i * w_q[bank_i];

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      a_o    <= '0;
      bank_o <= 1'b0;
      psum_o <= '0;
    end else if (en_i) begin
      a_o    <= a_i;
      bank_o <= bank_i;
      // Two's-complement wrap-around at ACC_W bits (documented contract).
      psum_o <= psum_i + ACC_W'(product);
    end
  end

endmodule
