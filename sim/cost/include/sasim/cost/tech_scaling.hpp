#pragma once
// Technology-node scaling of area and energy after A. Stillmaker and B. Baas,
// "Scaling equations for the accurate prediction of CMOS device performance
// from 180 nm to 7 nm", Integration, the VLSI Journal 58 (2017) 74-81.
// sasim uses the paper's nodes from 90 nm to 7 nm (tech.node_nm = 7..90);
// between two tabulated nodes a factor is interpolated linearly in
// log(factor) over log(node), so 28 nm lies between 32 and 20 nm.
namespace sasim {

inline constexpr int kMinNodeNm = 7;
inline constexpr int kMaxNodeNm = 90;

// Area of a logic block at node_nm relative to the same block at 45 nm.
double area_factor(int node_nm);

// Energy per operation at node_nm (at the node's nominal supply) relative to
// 45 nm at its nominal 1.0 V.
double energy_factor(int node_nm);

}  // namespace sasim
