// Shared parameters of the sasim systolic matrix unit.
package sa_pkg;

  // Dataflow codes for sa_top's DATAFLOW parameter (passed as an integer so
  // that `verilator -GDATAFLOW=<n>` works without enum casts).
  localparam int unsigned DF_WS = 0;  // weight stationary
  localparam int unsigned DF_OS = 1;  // output stationary
  localparam int unsigned DF_IS = 2;  // input stationary

  localparam int unsigned MAX_DIM = 256;  // largest ROWS / COLS supported

endpackage
