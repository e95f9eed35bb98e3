// Sample wines for the lab 01 tests: the first red wine of the data set, as the API receives it.

/** Wine 1 of the red data set (quality 5). */
export const RED_WINE_1 = {
  fixedAcidity: 7.4,
  volatileAcidity: 0.7,
  citricAcid: 0,
  residualSugar: 1.9,
  chlorides: 0.076,
  freeSulfurDioxide: 11,
  totalSulfurDioxide: 34,
  density: 0.9978,
  pH: 3.51,
  sulphates: 0.56,
  alcohol: 9.4,
};

/** The same wine as a row in model order. */
export const RED_WINE_1_ROW = [7.4, 0.7, 0, 1.9, 0.076, 11, 34, 0.9978, 3.51, 0.56, 9.4];
