// A DEPTH-stage register delay line that advances only when en_i is high.
// DEPTH = 0 is a plain wire; it is the building block of skew and de-skew.
module sa_delay #(
  parameter int unsigned DEPTH = 1,
  parameter int unsigned WIDTH = 8
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             en_i,
  input  logic [WIDTH-1:0] data_i,
  output logic [WIDTH-1:0] data_o
);

  if (DEPTH == 0) begin : gen_wire
    assign data_o = data_i;
    // The clock, reset and enable are not needed by a wire.
    logic unused;
    assign unused = clk_i ^ rst_ni ^ en_i;
  end else begin : gen_regs
    // One flat vector so that the shift is a single assignment, not a loop
    // (Verilator cannot schedule delayed assignments in long loops).
    logic [DEPTH*WIDTH-1:0] stage_q;
    logic [DEPTH*WIDTH-1:0] stage_d;
    if (DEPTH == 1) begin : gen_one
      assign stage_d = data_i;
    end else begin : gen_many
      assign stage_d = {stage_q[(DEPTH-1)*WIDTH-1:0], data_i};
    end
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) stage_q <= '0;
      else if (en_i) stage_q <= stage_d;
    end
    assign data_o = stage_q[DEPTH*WIDTH-1-:WIDTH];
  end

endmodule
